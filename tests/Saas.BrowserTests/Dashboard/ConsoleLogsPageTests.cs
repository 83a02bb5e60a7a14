using Microsoft.Playwright;
using Saas.ServiceDefaults;
using static Microsoft.Playwright.Assertions;

namespace Saas.BrowserTests.Dashboard;

/// <summary>A resource's console output, live, searchable and downloadable.</summary>
[Collection(DashboardCollection.Name)]
public sealed class ConsoleLogsPageTests(DashboardFixture fixture)
{
    private const string ListeningLine = "Now listening on";

    [ChromiumFact]
    public async Task ConsoleLogsPage_ShouldShowBillingsLines_AndTheSearchShouldFilterThem()
    {
        var page = await fixture.SignedInPageAsync();
        await page.ClickAsync("nav.top >> text=Console logs");
        await page.SelectOptionAsync("#resource", ResourceNames.Billing);
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == $"/logs/{ResourceNames.Billing}", DashboardFixture.CommitOnly);

        var lines = page.Locator("#lines .line");
        await Expect(lines.Filter(new() { HasText = "[apphost] started pid" }).First).ToBeVisibleAsync();
        await Expect(lines.Filter(new() { HasText = ListeningLine }).First).ToBeVisibleAsync();
        var all = await lines.CountAsync();

        await page.FillAsync("#search", ListeningLine.ToUpperInvariant());

        var shown = page.Locator("#lines .line:visible");
        await Expect(lines.Filter(new() { HasText = "[apphost] started pid" }).First).ToBeHiddenAsync();
        var texts = await shown.AllTextContentsAsync();
        Assert.NotEmpty(texts);
        Assert.True(texts.Count < all, $"the search hid nothing: {texts.Count} of {all} lines shown");
        Assert.All(texts, text => Assert.Contains(ListeningLine, text));
        await Expect(page.Locator("#count")).ToContainTextAsync("lines match");
        await DashboardFixture.ScreenshotAsync(page, "console-logs-search");

        await page.FillAsync("#search", "");
        await Expect(lines.Filter(new() { HasText = "[apphost] started pid" }).First).ToBeVisibleAsync();

        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#download"));
        Assert.Equal($"{ResourceNames.Billing}.log", download.SuggestedFilename);
        var file = await File.ReadAllTextAsync(await download.PathAsync());
        Assert.Contains("[apphost] started pid", file);
        Assert.Contains(ListeningLine, file);
    }
}
