namespace GrainPipeline.Workload.Generation;

/// <summary>A product in the cart; at checkout it becomes a line item whose finalLinePrice is price × quantity.</summary>
internal sealed record CartLine(CatalogProduct Product, int Quantity, string LineItemId)
{
    public decimal FinalLinePrice => Money.Amount(Product.Price * Quantity);
}
