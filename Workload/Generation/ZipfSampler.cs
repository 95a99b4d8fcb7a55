namespace GrainPipeline.Workload.Generation;

/// <summary>
/// Draws a rank in [0, n) with probability proportional to 1/(rank+1)^s: a few users do most of the
/// traffic, as on real storefronts. One precomputed CDF (8 bytes per user) and a binary search per draw.
/// </summary>
internal sealed class ZipfSampler
{
    private readonly double[] _cdf;

    public ZipfSampler(int n, double exponent)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        _cdf = new double[n];
        var sum = 0.0;
        for (var i = 0; i < n; i++)
        {
            sum += exponent == 0 ? 1.0 : Math.Pow(i + 1, -exponent);
            _cdf[i] = sum;
        }
        for (var i = 0; i < n; i++) _cdf[i] /= sum;
        // Rounding can leave the last entry a hair under 1; a draw of 0.9999… must still land somewhere.
        _cdf[n - 1] = 1.0;
    }

    public int Count => _cdf.Length;

    public int Sample(WorkloadRandom random)
    {
        var u = random.NextDouble();
        var index = Array.BinarySearch(_cdf, u);
        // Not found gives the complement of the first entry larger than u: that entry's rank is the draw.
        if (index < 0) index = ~index;
        else index++; // u equal to a boundary belongs to the next bucket, since buckets are [prev, cdf).
        return Math.Min(index, _cdf.Length - 1);
    }
}
