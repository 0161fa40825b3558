using TlsDoctor.Negotiation;

namespace TlsDoctor.Aws;

/// <summary>
/// Changes a listener's security policy: ELBv2 ModifyListener (SslPolicy only); for a Classic Load Balancer
/// CreateLoadBalancerPolicy (SSLNegotiationPolicyType, Reference-Security-Policy) then SetLoadBalancerPoliciesOfListener
/// (api-shapes.md §1.4, §2). <see cref="Plan"/> is pure; only <see cref="ApplyAsync"/> writes.
/// </summary>
public static class AwsPolicyChange
{
    public static AwsPolicyChangePlan Plan(AwsTlsListener listener, ServerPolicy policy)
    {
        var commands = PolicyRecommender.Commands(policy, listener.CatalogType)
            .Select(c => c.Replace("LOAD_BALANCER_NAME", listener.LoadBalancer)
                .Replace("LISTENER_ARN", listener.ListenerArn ?? "")
                .Replace("--load-balancer-port 443", $"--load-balancer-port {listener.Port}"))
            .ToList();
        if (!listener.IsClassic)
            return new AwsPolicyChangePlan(listener, policy.Name, null, [], ["ModifyListener"], commands,
                $"""
                # AWS::ElasticLoadBalancingV2::Listener of {listener.LoadBalancer}, port {listener.Port}
                Listener:
                  Type: AWS::ElasticLoadBalancingV2::Listener
                  Properties:
                    Protocol: {listener.Protocol}
                    Port: {listener.Port}
                    SslPolicy: {policy.Name}
                """,
                $$"""
                resource "aws_lb_listener" "{{Identifier(listener.LoadBalancer)}}_{{listener.Port}}" {
                  # ... the listener's other arguments unchanged
                  protocol   = "{{listener.Protocol}}"
                  port       = {{listener.Port}}
                  ssl_policy = "{{policy.Name}}"
                }
                """);

        // The same local name recommend prints, so both commands describe one change.
        var local = "tlsdoctor-" + policy.Name;
        var names = listener.ListenerPolicyNames.Where(n => n != listener.PolicyName && n != local).Append(local).ToList();
        var id = Identifier(listener.LoadBalancer);
        return new AwsPolicyChangePlan(listener, policy.Name, local, names, ["CreateLoadBalancerPolicy", "SetLoadBalancerPoliciesOfListener"], commands,
            $"""
            # AWS::ElasticLoadBalancing::LoadBalancer {listener.LoadBalancer}: add the policy, name it on the listener
            Properties:
              Policies:
                - PolicyName: {local}
                  PolicyType: SSLNegotiationPolicyType
                  Attributes:
                    - Name: Reference-Security-Policy
                      Value: {policy.Name}
              Listeners:
                - LoadBalancerPort: "{listener.Port}"
                  Protocol: {listener.Protocol}
                  PolicyNames: [{string.Join(", ", names)}]
            """,
            $$"""
            resource "aws_load_balancer_policy" "{{id}}_{{Identifier(local)}}" {
              load_balancer_name = "{{listener.LoadBalancer}}"
              policy_name        = "{{local}}"
              policy_type_name   = "SSLNegotiationPolicyType"
              policy_attribute {
                name  = "Reference-Security-Policy"
                value = "{{policy.Name}}"
              }
            }

            resource "aws_load_balancer_listener_policy" "{{id}}_{{listener.Port}}" {
              load_balancer_name = "{{listener.LoadBalancer}}"
              load_balancer_port = {{listener.Port}}
              policy_names       = [{{string.Join(", ", names.Select(n => n == local ? $"aws_load_balancer_policy.{id}_{Identifier(local)}.policy_name" : $"\"{n}\""))}}]
            }
            """);
    }

    /// <summary>Sends the plan's writes in order; returns the actions sent. A policy of the same name left by an earlier run is reused.</summary>
    public static Task<AwsResult<IReadOnlyList<string>>> ApplyAsync(AwsLiveSource source, AwsPolicyChangePlan plan, CancellationToken ct) =>
        AwsResult<IReadOnlyList<string>>.Run(async () =>
        {
            var sent = new List<string>();
            var listener = plan.Listener;
            if (!listener.IsClassic)
            {
                sent.Add("ModifyListener");
                await source.ModifyListenerPolicyAsync(listener.ListenerArn!, plan.NewPolicy, ct).ConfigureAwait(false);
                return sent;
            }
            sent.Add("CreateLoadBalancerPolicy");
            try
            {
                await source.CreateLoadBalancerPolicyAsync(listener.LoadBalancer, plan.ClassicPolicyName!,
                    [new("Reference-Security-Policy", plan.NewPolicy)], ct).ConfigureAwait(false);
            }
            catch (AwsException e) when (e.Error.Code == "DuplicatePolicyName") { }
            sent.Add("SetLoadBalancerPoliciesOfListener");
            await source.SetLoadBalancerPoliciesOfListenerAsync(listener.LoadBalancer, listener.Port, plan.ClassicPolicyNames, ct).ConfigureAwait(false);
            return sent;
        });

    private static string Identifier(string name) => new(name.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray());
}
