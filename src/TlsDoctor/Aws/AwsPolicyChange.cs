using TlsDoctor.Negotiation;
using TlsDoctor.Policies;

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
        return Classic(listener, policy.Name, "tlsdoctor-" + policy.Name, [new("Reference-Security-Policy", policy.Name)], commands);
    }

    /// <summary>
    /// A Classic listener's change to a custom policy: CreateLoadBalancerPolicy with the explicit protocol, suite and
    /// Server-Defined-Cipher-Order attributes (<see cref="ClbCustomPolicy.Attributes"/>), then
    /// SetLoadBalancerPoliciesOfListener. Custom policies exist only on Classic Load Balancers.
    /// </summary>
    public static AwsPolicyChangePlan PlanCustom(AwsTlsListener listener, ServerPolicy custom, IReadOnlyList<KeyValuePair<string, string>> attributes)
    {
        if (!listener.IsClassic) throw new ArgumentException("custom policies exist only on Classic Load Balancers", nameof(listener));
        var commands = ClbCustomPolicy.Commands(custom.Name, attributes, listener.LoadBalancer, listener.Port);
        return Classic(listener, custom.Name, custom.Name, attributes, commands);
    }

    /// <summary>
    /// Reads `set-policy --custom`: a policy file (any format Policies.PolicyDocument reads) or the attribute names to
    /// enable, comma-separated as AWS spells them (Protocol-TLSv1.2,ECDHE-RSA-AES128-GCM-SHA256,Server-Defined-Cipher-Order),
    /// read as the Classic policy they describe. The policy is named after its contents (ClbCustomPolicy.NameFor).
    /// </summary>
    public static (ServerPolicy? Policy, IReadOnlyList<KeyValuePair<string, string>>? Attributes, string? Error) ParseCustom(string fileOrSpec)
    {
        ServerPolicy? policy;
        if (File.Exists(fileOrSpec))
        {
            var read = PolicyDocument.ReadFile(fileOrSpec);
            if (!read.IsSuccess) return (null, null, read.Error!.Message);
            if (read.Policies.Count != 1) return (null, null, $"{fileOrSpec} holds {read.Policies.Count} policies; --custom takes one");
            policy = read.Policies[0];
        }
        else
        {
            var items = fileOrSpec.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (items.Length == 0) return (null, null, "--custom needs a policy file or the attributes to enable, e.g. Protocol-TLSv1.2,ECDHE-RSA-AES128-GCM-SHA256,Server-Defined-Cipher-Order");
            var (parsed, error) = AwsPolicyContents.FromClassicPolicy(new AwsClassicPolicy("custom", AwsClassicPolicy.SslNegotiationType,
                items.Select(i => new KeyValuePair<string, string>(i, "true")).ToList()));
            if (parsed is null) return (null, null, $"--custom '{Shorten(fileOrSpec)}' is neither a file nor a list of Classic policy attributes: {error}");
            policy = parsed;
        }
        var (attributes, invalid) = ClbCustomPolicy.Attributes(policy);
        if (attributes is null) return (null, null, $"--custom: {invalid}");
        var name = ClbCustomPolicy.NameFor(attributes);
        return (policy with { Name = name, Id = name, LoadBalancers = ["CLB"], Provider = "custom" }, attributes, null);
    }

    private static string Shorten(string text) => text.Length > 80 ? text[..80] + "…" : text;

    private static AwsPolicyChangePlan Classic(AwsTlsListener listener, string newPolicy, string local, IReadOnlyList<KeyValuePair<string, string>> attributes, IReadOnlyList<string> commands)
    {
        var names = listener.ListenerPolicyNames.Where(n => n != listener.PolicyName && n != local).Append(local).ToList();
        var id = Identifier(listener.LoadBalancer);
        var cfAttributes = string.Join("\n", attributes.Select(a => $"        - Name: {a.Key}\n          Value: \"{a.Value}\""));
        var tfAttributes = string.Join("\n", attributes.Select(a => $"  policy_attribute {{\n    name  = \"{a.Key}\"\n    value = \"{a.Value}\"\n  }}"));
        return new AwsPolicyChangePlan(listener, newPolicy, local, names, ["CreateLoadBalancerPolicy", "SetLoadBalancerPoliciesOfListener"], commands,
            $"""
            # AWS::ElasticLoadBalancing::LoadBalancer {listener.LoadBalancer}: add the policy, name it on the listener
            Properties:
              Policies:
                - PolicyName: {local}
                  PolicyType: SSLNegotiationPolicyType
                  Attributes:
            {cfAttributes}
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
            {{tfAttributes}}
            }

            resource "aws_load_balancer_listener_policy" "{{id}}_{{listener.Port}}" {
              load_balancer_name = "{{listener.LoadBalancer}}"
              load_balancer_port = {{listener.Port}}
              policy_names       = [{{string.Join(", ", names.Select(n => n == local ? $"aws_load_balancer_policy.{id}_{Identifier(local)}.policy_name" : $"\"{n}\""))}}]
            }
            """) { ClassicAttributes = attributes };
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
                await source.CreateLoadBalancerPolicyAsync(listener.LoadBalancer, plan.ClassicPolicyName!, plan.ClassicAttributes, ct).ConfigureAwait(false);
            }
            catch (AwsException e) when (e.Error.Code == "DuplicatePolicyName") { }
            sent.Add("SetLoadBalancerPoliciesOfListener");
            await source.SetLoadBalancerPoliciesOfListenerAsync(listener.LoadBalancer, listener.Port, plan.ClassicPolicyNames, ct).ConfigureAwait(false);
            return sent;
        });

    private static string Identifier(string name) => new(name.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray());
}
