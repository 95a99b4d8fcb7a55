namespace GrainPipeline.Workload.Generation;

/// <summary>
/// Plans a plausible funnel: landing page_viewed, sometimes a collection or a search, 1–4 product views,
/// then ~30 % add to cart, ~50 % of those start checkout and ~70 % of those complete it.
/// </summary>
internal static class SessionPlanner
{
    public const double CollectionShare = 0.25;
    public const double SearchShare = 0.15;
    public const double AddToCartShare = 0.30;
    public const double CheckoutStartShare = 0.50;
    public const double CheckoutCompleteShare = 0.70;
    public const double SecondCartLineShare = 0.25;

    public static Session Plan(long serial, SimulatedUser user, WorkloadRandom random, ShopCatalog catalog, ulong tokenKey)
    {
        var landing = LandingPagePlanner.Plan(random, catalog, user.ShopIndex);
        var steps = new List<SessionStep>(12) { new(StepKind.PageViewed) };
        if (random.Chance(CollectionShare)) steps.Add(new SessionStep(StepKind.CollectionViewed));
        if (random.Chance(SearchShare)) steps.Add(new SessionStep(StepKind.SearchSubmitted));

        var views = random.Next(1, 5);
        var viewed = new List<int>(views);
        for (var i = 0; i < views; i++)
        {
            // A visitor who landed on a product page sees that product first.
            var index = i == 0 && landing.ProductIndex is { } landed ? landed : catalog.PickProductIndex(user.ShopIndex, random);
            steps.Add(new SessionStep(StepKind.ProductViewed, index));
            if (!viewed.Contains(index)) viewed.Add(index);
        }

        var cart = new List<CartLine>(2);
        if (random.Chance(AddToCartShare))
        {
            var lines = viewed.Count >= 2 && random.Chance(SecondCartLineShare) ? 2 : 1;
            for (var i = 0; i < lines; i++)
            {
                var quantity = random.Chance(0.75) ? 1 : random.Next(2, 4);
                var product = catalog.Product(user.ShopIndex, viewed[i]);
                var lineId = Identifiers.Hex(StableHash.Of(tokenKey, (ulong)serial, (ulong)i + 1), 16);
                cart.Add(new CartLine(product, quantity, lineId));
                steps.Add(new SessionStep(StepKind.ProductAddedToCart, product.Index, quantity));
            }
            if (random.Chance(CheckoutStartShare))
            {
                steps.Add(new SessionStep(StepKind.CheckoutStarted));
                if (random.Chance(CheckoutCompleteShare)) steps.Add(new SessionStep(StepKind.CheckoutCompleted));
            }
        }

        var token = Identifiers.Hex(StableHash.Of(tokenKey, (ulong)serial), 16) + Identifiers.Hex(StableHash.Of(tokenKey, (ulong)serial, 0), 16);
        return new Session(serial, user, landing, steps, cart, token);
    }
}
