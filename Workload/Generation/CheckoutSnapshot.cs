namespace GrainPipeline.Workload.Generation;

/// <summary>
/// A checkout as checkout_started / checkout_completed describe it. Totals are computed once from the
/// cart so both events of one checkout agree, and <see cref="OrderId"/> is set on completion only.
/// </summary>
internal sealed record CheckoutSnapshot(
    string Token,
    string Currency,
    string Email,
    IReadOnlyList<CartLine> Lines,
    decimal Subtotal,
    decimal Tax,
    decimal Shipping,
    BuyerAddress Address,
    long? OrderId)
{
    /// <summary>Orders at or over this subtotal ship free; the rest pay <see cref="FlatShipping"/>.</summary>
    public const decimal FreeShippingFrom = 75.00m;

    public const decimal FlatShipping = 5.99m;

    public decimal Total => Money.Amount(Subtotal + Tax + Shipping);

    public static CheckoutSnapshot From(string token, string currency, decimal taxRate, SimulatedUser user, IReadOnlyList<CartLine> lines, long? orderId)
    {
        var subtotal = Money.Amount(lines.Sum(l => l.FinalLinePrice));
        return new CheckoutSnapshot(
            Token: token,
            Currency: currency,
            Email: user.Email,
            Lines: lines,
            Subtotal: subtotal,
            Tax: Money.Amount(subtotal * taxRate),
            Shipping: Money.Amount(subtotal >= FreeShippingFrom ? 0m : FlatShipping),
            Address: user.Address,
            OrderId: orderId);
    }
}
