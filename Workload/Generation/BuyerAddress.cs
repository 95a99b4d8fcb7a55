namespace GrainPipeline.Workload.Generation;

/// <summary>The few address fields a checkout event carries that analytics care about.</summary>
internal sealed record BuyerAddress(string City, string Province, string Country, string CountryCode, string Zip);
