namespace GrainPipeline.Grains.Events;

/// <summary>Shopify Web Pixel standard event names the stages understand.</summary>
public static class EventNames
{
    public const string PageViewed = "page_viewed";
    public const string ProductViewed = "product_viewed";
    public const string CollectionViewed = "collection_viewed";
    public const string SearchSubmitted = "search_submitted";
    public const string ProductAddedToCart = "product_added_to_cart";
    public const string ProductRemovedFromCart = "product_removed_from_cart";
    public const string CartViewed = "cart_viewed";
    public const string CheckoutStarted = "checkout_started";
    public const string PaymentInfoSubmitted = "payment_info_submitted";
    public const string CheckoutCompleted = "checkout_completed";

    private static readonly HashSet<string> Standard =
    [
        PageViewed, ProductViewed, CollectionViewed, SearchSubmitted, ProductAddedToCart, ProductRemovedFromCart,
        CartViewed, CheckoutStarted, PaymentInfoSubmitted, CheckoutCompleted,
        "checkout_address_info_submitted", "checkout_contact_info_submitted", "checkout_shipping_info_submitted",
        "alert_displayed", "ui_extension_errored",
    ];

    public static bool IsKnownPixelEvent(string name) => Standard.Contains(name);
}
