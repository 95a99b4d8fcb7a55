namespace GrainPipeline.Workload.Generation;

/// <summary>
/// One visit of one user: a planned funnel (at most a dozen steps) and the little state its events
/// share, such as the cart and the checkout token. Sessions are the generator's only per-visit memory,
/// and at most <see cref="GenerationRun.MaxActiveSessions"/> exist at once.
/// </summary>
internal sealed class Session(long serial, SimulatedUser user, LandingPage landing, IReadOnlyList<SessionStep> steps, IReadOnlyList<CartLine> cart, string checkoutToken)
{
    private int _next;

    public long Serial { get; } = serial;

    public SimulatedUser User { get; } = user;

    public LandingPage Landing { get; } = landing;

    public IReadOnlyList<CartLine> Cart { get; } = cart;

    public string CheckoutToken { get; } = checkoutToken;

    /// <summary>URL of the page the previous event was on: the next event's <c>document.referrer</c>.</summary>
    public string? PreviousHref { get; set; }

    public SessionStep Current => steps[_next];

    /// <summary>Moves to the next step; false when the session has ended.</summary>
    public bool Advance() => ++_next < steps.Count;
}
