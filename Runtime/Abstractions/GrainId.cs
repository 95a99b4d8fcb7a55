namespace GrainPipeline.Runtime;

/// <summary>Identity of a grain: its type name plus its key. Cheap to hash and compare.</summary>
public readonly record struct GrainId(string Type, string Key)
{
    public override string ToString() => $"{Type}/{Key}";
}
