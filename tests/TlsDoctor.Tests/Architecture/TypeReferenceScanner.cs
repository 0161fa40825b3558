using System.Collections.Immutable;
using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace TlsDoctor.Tests.Architecture;

/// <summary>
/// Which types of an assembly each of its types references, read from the compiled metadata (signatures, base types,
/// attributes and every token in method bodies), so no reference escapes through a fully qualified name, a relative
/// namespace or a global using the way it would in a scan of the sources. Only references to types defined in the same
/// assembly are reported; nested and compiler-generated types count as their outermost declaring type.
/// </summary>
public static class TypeReferenceScanner
{
    /// <summary>(referencing type, referenced type) by full name, the outermost types; self-references left out.</summary>
    public static IReadOnlyList<(string From, string To)> Scan(string assemblyPath)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        var reader = pe.GetMetadataReader();
        var result = new HashSet<(string, string)>();
        foreach (var handle in reader.TypeDefinitions)
        {
            var from = OutermostName(reader, handle);
            var found = new HashSet<TypeDefinitionHandle>();
            CollectFromType(reader, pe, handle, found);
            foreach (var to in found)
            {
                var target = OutermostName(reader, to);
                if (target != from) result.Add((from, target));
            }
        }
        return [.. result];
    }

    private static string OutermostName(MetadataReader reader, TypeDefinitionHandle handle)
    {
        var type = reader.GetTypeDefinition(handle);
        while (type.GetDeclaringType() is { IsNil: false } outer) type = reader.GetTypeDefinition(outer);
        var ns = reader.GetString(type.Namespace);
        var name = reader.GetString(type.Name);
        return ns.Length == 0 ? name : ns + "." + name;
    }

    private static void CollectFromType(MetadataReader reader, PEReader pe, TypeDefinitionHandle handle, HashSet<TypeDefinitionHandle> found)
    {
        var provider = new Collector(found);
        var type = reader.GetTypeDefinition(handle);
        AddType(reader, type.BaseType, provider);
        foreach (var i in type.GetInterfaceImplementations()) AddType(reader, reader.GetInterfaceImplementation(i).Interface, provider);
        AddAttributes(reader, type.GetCustomAttributes(), provider);
        AddGenericParameters(reader, type.GetGenericParameters(), provider);
        foreach (var f in type.GetFields())
        {
            var field = reader.GetFieldDefinition(f);
            field.DecodeSignature(provider, null);
            AddAttributes(reader, field.GetCustomAttributes(), provider);
        }
        foreach (var p in type.GetProperties())
        {
            var property = reader.GetPropertyDefinition(p);
            property.DecodeSignature(provider, null);
            AddAttributes(reader, property.GetCustomAttributes(), provider);
        }
        foreach (var e in type.GetEvents()) AddType(reader, reader.GetEventDefinition(e).Type, provider);
        foreach (var m in type.GetMethods())
        {
            var method = reader.GetMethodDefinition(m);
            method.DecodeSignature(provider, null);
            AddAttributes(reader, method.GetCustomAttributes(), provider);
            AddGenericParameters(reader, method.GetGenericParameters(), provider);
            foreach (var p in method.GetParameters()) AddAttributes(reader, reader.GetParameter(p).GetCustomAttributes(), provider);
            if (method.RelativeVirtualAddress != 0) AddBody(reader, pe.GetMethodBody(method.RelativeVirtualAddress), provider);
        }
    }

    private static void AddBody(MetadataReader reader, MethodBodyBlock body, Collector provider)
    {
        if (!body.LocalSignature.IsNil) reader.GetStandaloneSignature(body.LocalSignature).DecodeLocalSignature(provider, null);
        var il = body.GetILReader();
        while (il.RemainingBytes > 0)
        {
            var code = (int)il.ReadByte();
            if (code == 0xFE) code = 0xFE00 | il.ReadByte();
            if (!OperandTypes.TryGetValue(code, out var operand)) throw new InvalidDataException($"unknown IL opcode 0x{code:X}");
            switch (operand)
            {
                case OperandType.InlineNone: break;
                case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar: il.ReadByte(); break;
                case OperandType.InlineVar: il.ReadInt16(); break;
                case OperandType.InlineI8 or OperandType.InlineR: il.ReadInt64(); break;
                case OperandType.InlineSwitch: var n = il.ReadInt32(); for (var i = 0; i < n; i++) il.ReadInt32(); break;
                case OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineType or OperandType.InlineTok or OperandType.InlineSig:
                    AddToken(reader, MetadataTokens.EntityHandle(il.ReadInt32()), provider);
                    break;
                default: il.ReadInt32(); break; // InlineBrTarget, InlineI, InlineString, ShortInlineR
            }
        }
    }

    private static void AddToken(MetadataReader reader, EntityHandle handle, Collector provider)
    {
        switch (handle.Kind)
        {
            case HandleKind.TypeDefinition or HandleKind.TypeSpecification:
                AddType(reader, handle, provider);
                break;
            case HandleKind.MethodDefinition:
                provider.Found.Add(reader.GetMethodDefinition((MethodDefinitionHandle)handle).GetDeclaringType());
                break;
            case HandleKind.FieldDefinition:
                provider.Found.Add(reader.GetFieldDefinition((FieldDefinitionHandle)handle).GetDeclaringType());
                break;
            case HandleKind.MemberReference:
                var member = reader.GetMemberReference((MemberReferenceHandle)handle);
                AddToken(reader, member.Parent, provider);
                if (member.GetKind() == MemberReferenceKind.Method) member.DecodeMethodSignature(provider, null);
                else member.DecodeFieldSignature(provider, null);
                break;
            case HandleKind.MethodSpecification:
                var spec = reader.GetMethodSpecification((MethodSpecificationHandle)handle);
                AddToken(reader, spec.Method, provider);
                spec.DecodeSignature(provider, null);
                break;
            case HandleKind.StandaloneSignature:
                var signature = reader.GetStandaloneSignature((StandaloneSignatureHandle)handle);
                if (signature.GetKind() == StandaloneSignatureKind.Method) signature.DecodeMethodSignature(provider, null);
                break;
        }
    }

    private static void AddType(MetadataReader reader, EntityHandle handle, Collector provider)
    {
        if (handle.IsNil) return;
        if (handle.Kind == HandleKind.TypeDefinition) provider.Found.Add((TypeDefinitionHandle)handle);
        else if (handle.Kind == HandleKind.TypeSpecification) reader.GetTypeSpecification((TypeSpecificationHandle)handle).DecodeSignature(provider, null);
    }

    private static void AddAttributes(MetadataReader reader, CustomAttributeHandleCollection attributes, Collector provider)
    {
        foreach (var a in attributes) AddToken(reader, reader.GetCustomAttribute(a).Constructor, provider);
    }

    private static void AddGenericParameters(MetadataReader reader, GenericParameterHandleCollection parameters, Collector provider)
    {
        foreach (var p in parameters)
            foreach (var c in reader.GetGenericParameter(p).GetConstraints())
                AddType(reader, reader.GetGenericParameterConstraint(c).Type, provider);
    }

    private static readonly Dictionary<int, OperandType> OperandTypes = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => (int)(ushort)o.Value, o => o.OperandType);

    /// <summary>Decodes signatures only for their side effect: every type definition met is added to <see cref="Found"/>.</summary>
    private sealed class Collector(HashSet<TypeDefinitionHandle> found) : ISignatureTypeProvider<object?, object?>
    {
        public HashSet<TypeDefinitionHandle> Found { get; } = found;

        public object? GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) { Found.Add(handle); return null; }
        public object? GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) => null;
        public object? GetTypeFromSpecification(MetadataReader reader, object? context, TypeSpecificationHandle handle, byte rawTypeKind) =>
            reader.GetTypeSpecification(handle).DecodeSignature(this, context);
        public object? GetPrimitiveType(PrimitiveTypeCode typeCode) => null;
        public object? GetSZArrayType(object? elementType) => null;
        public object? GetArrayType(object? elementType, ArrayShape shape) => null;
        public object? GetByReferenceType(object? elementType) => null;
        public object? GetPointerType(object? elementType) => null;
        public object? GetPinnedType(object? elementType) => null;
        public object? GetGenericInstantiation(object? genericType, ImmutableArray<object?> typeArguments) => null;
        public object? GetGenericMethodParameter(object? genericContext, int index) => null;
        public object? GetGenericTypeParameter(object? genericContext, int index) => null;
        public object? GetFunctionPointerType(MethodSignature<object?> signature) => null;
        public object? GetModifiedType(object? modifier, object? unmodifiedType, bool isRequired) => null;
    }
}
