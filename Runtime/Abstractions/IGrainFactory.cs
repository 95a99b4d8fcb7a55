namespace GrainPipeline.Runtime;

/// <summary>Hands out typed references to grains; the activation is made on the first call.</summary>
public interface IGrainFactory
{
    TGrainInterface GetGrain<TGrainInterface>(string key) where TGrainInterface : IGrainWithStringKey;
}
