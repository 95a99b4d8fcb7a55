using GrainPipeline.Runtime.Scheduler;

namespace GrainPipeline.Runtime.Catalog;

/// <summary>Makes typed references and routes their calls into the catalog.</summary>
internal sealed class GrainFactory(GrainCatalog catalog) : IGrainFactory, IGrainCallInvoker
{
    public TGrainInterface GetGrain<TGrainInterface>(string key) where TGrainInterface : IGrainWithStringKey
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var registration = catalog.Registry.ForInterface(typeof(TGrainInterface));
        return (TGrainInterface)registration.Reference(this, new GrainId(registration.TypeName, key));
    }

    public Task Invoke<TGrain, TArg>(GrainId target, Func<TGrain, TArg, Task> method, TArg argument) where TGrain : class
    {
        var call = new GrainCall<TGrain, TArg>(method, argument);
        catalog.Dispatch(target, call);
        return call.Task;
    }

    public Task<TResult> Invoke<TGrain, TArg, TResult>(GrainId target, Func<TGrain, TArg, Task<TResult>> method, TArg argument) where TGrain : class
    {
        var call = new GrainCall<TGrain, TArg, TResult>(method, argument);
        catalog.Dispatch(target, call);
        return call.Task;
    }

    public Task InvokeBatched<TGrain, TArg>(GrainId target, Func<TGrain, CallBatch<TArg>, Task> method, TArg argument) where TGrain : class
    {
        var call = new BatchedGrainCall<TGrain, TArg>(method, argument, catalog.Options.MaxCallsPerTurn);
        catalog.Dispatch(target, call);
        return call.Task;
    }
}
