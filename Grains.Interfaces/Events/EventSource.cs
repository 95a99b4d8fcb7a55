namespace GrainPipeline.Grains.Events;

public enum EventSource
{
    Pixel,
    Webhook,
}
