namespace GrainPipeline.Stores.Postgres.Migrations;

/// <summary>One schema step. Versions only grow; a released step is never edited, a new one is added.</summary>
public sealed record Migration(int Version, string Description, string Sql);
