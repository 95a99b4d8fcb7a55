using System.Text;
using GrainPipeline.Collector.Webhooks;

namespace GrainPipeline.Collector.Tests.Unit;

public class HmacVerifierTests
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("{\"id\":1,\"total_price\":\"29.99\"}");

    [Fact]
    public void A_signature_made_with_the_secret_is_accepted()
    {
        var verifier = new HmacVerifier(["secret"]);

        verifier.Verify(Body, HmacVerifier.Sign(Body, "secret")).Should().BeTrue();
    }

    [Fact]
    public void The_signature_matches_an_independently_computed_HMAC()
    {
        // Known answer from `printf '%s' BODY | openssl dgst -sha256 -hmac secret -binary | base64`.
        HmacVerifier.Sign(Encoding.UTF8.GetBytes("hello"), "secret").Should().Be("iKqz7ejTrflNJquQ07r9SiCDBww7zOnAFO4EpEOEfAs=");
    }

    [Fact]
    public void A_signature_made_with_another_secret_is_refused()
    {
        var verifier = new HmacVerifier(["secret"]);

        verifier.Verify(Body, HmacVerifier.Sign(Body, "not-the-secret")).Should().BeFalse();
    }

    [Fact]
    public void A_changed_body_is_refused()
    {
        var verifier = new HmacVerifier(["secret"]);
        var signature = HmacVerifier.Sign(Body, "secret");
        var tampered = Encoding.UTF8.GetBytes("{\"id\":1,\"total_price\":\"0.01\"}");

        verifier.Verify(tampered, signature).Should().BeFalse();
    }

    [Fact]
    public void During_rotation_both_the_old_and_the_new_secret_are_accepted()
    {
        var verifier = new HmacVerifier(["new-secret", "old-secret"]);

        verifier.Verify(Body, HmacVerifier.Sign(Body, "new-secret")).Should().BeTrue();
        verifier.Verify(Body, HmacVerifier.Sign(Body, "old-secret")).Should().BeTrue();
        verifier.Verify(Body, HmacVerifier.Sign(Body, "retired-secret")).Should().BeFalse();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not base64 at all!")]
    [InlineData("AAAA")]
    public void A_missing_or_garbled_header_is_refused(string? header)
    {
        new HmacVerifier(["secret"]).Verify(Body, header).Should().BeFalse();
    }

    [Fact]
    public void Without_secrets_nothing_verifies()
    {
        var verifier = new HmacVerifier([]);

        verifier.HasSecrets.Should().BeFalse();
        verifier.Verify(Body, HmacVerifier.Sign(Body, "")).Should().BeFalse();
    }
}
