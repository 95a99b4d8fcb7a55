namespace GrainPipeline.Grains.Stages;

/// <summary>Names of the store ports as the dashboard and the <c>store</c> metric tag show them.</summary>
public static class StoreNames
{
    public const string Events = "events";
    public const string AdLeads = "ad-leads";
    public const string Attributions = "attributions";
    public const string Customers = "customers";
    public const string WeeklyVisitors = "weekly-visitors";
    public const string StatsBuffer = "stats-buffer";
    public const string ProductStats = "product-stats";
}
