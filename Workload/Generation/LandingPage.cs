namespace GrainPipeline.Workload.Generation;

/// <summary>
/// Where a session enters the shop. <see cref="Search"/> is <c>location.search</c>: empty, or a
/// query string starting with <c>?</c> that carries the UTM parameters and/or an ad click id.
/// </summary>
internal sealed record LandingPage(string Path, string Search, string Referrer, int? ProductIndex)
{
    public string Href(string shop) => "https://" + shop + Path + Search;
}
