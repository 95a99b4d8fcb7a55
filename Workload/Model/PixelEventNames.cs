namespace GrainPipeline.Workload.Model;

/// <summary>The Web Pixel standard event names the generator emits (shopify.dev standard events).</summary>
public static class PixelEventNames
{
    public const string PageViewed = "page_viewed";
    public const string CollectionViewed = "collection_viewed";
    public const string SearchSubmitted = "search_submitted";
    public const string ProductViewed = "product_viewed";
    public const string ProductAddedToCart = "product_added_to_cart";
    public const string CheckoutStarted = "checkout_started";
    public const string CheckoutCompleted = "checkout_completed";

    public static IReadOnlyList<string> All { get; } =
    [
        PageViewed, CollectionViewed, SearchSubmitted, ProductViewed, ProductAddedToCart, CheckoutStarted, CheckoutCompleted,
    ];
}
