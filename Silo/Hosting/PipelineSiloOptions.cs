using GrainPipeline.Grains.Flushing;
using GrainPipeline.Grains.Stages;
using GrainPipeline.Ingest.Configuration;
using GrainPipeline.Runtime.Configuration;

namespace GrainPipeline.Silo.Hosting;

/// <summary>All settings of one silo, by section; validated together before anything starts.</summary>
public sealed class PipelineSiloOptions
{
    public string MemberName { get; set; } = $"silo-{Environment.ProcessId}";
    public IngestOptions Ingest { get; set; } = new();
    public RuntimeOptions Runtime { get; set; } = new();
    public StorageOptions GrainStorage { get; set; } = new();
    public ReminderOptions Reminders { get; set; } = new();
    public StageOptions Stages { get; set; } = new();
    public FlusherOptions Flusher { get; set; } = new();

    public IEnumerable<string> Validate() =>
        Ingest.Validate().Concat(Runtime.Validate()).Concat(GrainStorage.Validate()).Concat(Reminders.Validate())
            .Concat(Stages.Validate()).Concat(Flusher.Validate());
}
