namespace GrainPipeline.Workload.Generation;

/// <summary>One product of a shop's catalogue, with its single price (pixel amounts are 2-decimal numbers).</summary>
internal sealed record CatalogProduct(
    int Index,
    long ProductId,
    long VariantId,
    string Title,
    string VariantTitle,
    string Vendor,
    string ProductType,
    string Handle,
    string Sku,
    decimal Price);
