using GrainPipeline.Grains.Shopify;

namespace GrainPipeline.Grains.Tests;

public class LandingUrlTests
{
    [Theory]
    [InlineData("gclid", "google")]
    [InlineData("gbraid", "google")]
    [InlineData("wbraid", "google")]
    [InlineData("fbclid", "meta")]
    [InlineData("ttclid", "tiktok")]
    [InlineData("msclkid", "microsoft")]
    [InlineData("li_fat_id", "linkedin")]
    [InlineData("twclid", "x")]
    [InlineData("ScCid", "snapchat")]
    [InlineData("epik", "pinterest")]
    public void Each_click_id_names_its_platform(string parameter, string platform)
    {
        var click = LandingUrl.Read($"https://s.myshopify.com/p?utm_campaign=bf&{parameter}=abc123");
        click!.Platform.Should().Be(platform);
        click.ClickId.Should().Be("abc123");
        click.UtmCampaign.Should().Be("bf");
        click.ClickKey.Should().Be($"{parameter}:abc123");
    }

    [Fact]
    public void Click_ids_are_case_sensitive() => LandingUrl.Read("https://s/p?GCLID=x").Should().BeNull();

    [Fact]
    public void Utm_only_landings_are_leads_of_their_source()
    {
        var click = LandingUrl.Read("https://s/p?utm_source=Newsletter&utm_medium=email&utm_campaign=winter%20sale#top");
        click!.Platform.Should().Be("newsletter");
        click.ClickId.Should().BeNull();
        click.UtmCampaign.Should().Be("winter sale");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("https://s/p")]
    [InlineData("https://s/p?ref=home&page=2")]
    [InlineData("https://s/p?gclid=")]
    public void Urls_without_ad_parameters_are_not_leads(string? href) => LandingUrl.Read(href).Should().BeNull();
}
