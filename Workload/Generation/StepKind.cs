namespace GrainPipeline.Workload.Generation;

/// <summary>The funnel steps a session can take, in the order they may occur.</summary>
internal enum StepKind
{
    PageViewed,
    CollectionViewed,
    SearchSubmitted,
    ProductViewed,
    ProductAddedToCart,
    CheckoutStarted,
    CheckoutCompleted,
}
