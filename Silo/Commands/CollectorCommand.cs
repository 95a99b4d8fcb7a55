using System.CommandLine;
using GrainPipeline.Collector.Hosting;
using GrainPipeline.Collector.Options;
using GrainPipeline.Kafka.Security;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace GrainPipeline.Silo.Commands;

/// <summary>
/// <c>grain-pipeline collector</c>: the HTTP front door, until Ctrl-C/SIGTERM. Settings come from
/// appsettings.json, then <c>Collector__*</c> environment variables, then these options.
/// </summary>
internal static class CollectorCommand
{
    public static Command Create()
    {
        var bootstrap = new Option<string?>("--bootstrap") { Description = "Kafka bootstrap servers (Collector:BootstrapServers)" };
        var port = new Option<int?>("--port") { Description = $"HTTP port, 0 = any free port (Collector:Port, default {CollectorOptions.DefaultPort})" };
        var listen = new Option<string?>("--listen") { Description = $"IP address to bind (Collector:ListenAddress, default {CollectorOptions.DefaultListenAddress})" };
        var topic = new Option<string?>("--topic") { Description = "Kafka topic (Collector:Topic, default events)" };
        var secrets = new Option<string[]>("--webhook-secret") { Description = "Shopify app secret for webhook HMACs; repeat to accept old and new during rotation (Collector:WebhookSecrets)" };
        var origins = new Option<string[]>("--allowed-origin") { Description = "Storefront origin allowed by CORS, e.g. https://shop.example.com; repeatable, * for any (Collector:AllowedOrigins)" };
        var rate = new Option<double?>("--per-shop-rate") { Description = $"Pixel events per second per shop, 0 = off (Collector:PerShopEventsPerSecond, default {CollectorOptions.DefaultPerShopEventsPerSecond})" };
        var command = new Command("collector", "Run the HTTP collector: Web Pixel events and Shopify webhooks in, Kafka records out")
        {
            bootstrap, port, listen, topic, secrets, origins, rate,
        };
        command.SetAction(async (parse, cancel) =>
        {
            var options = LoadOptions();
            if (parse.GetValue(bootstrap) is { } b) options.BootstrapServers = b;
            if (parse.GetValue(port) is { } p) options.Port = p;
            if (parse.GetValue(listen) is { } l) options.ListenAddress = l;
            if (parse.GetValue(topic) is { } t) options.Topic = t;
            if (parse.GetValue(rate) is { } r) options.PerShopEventsPerSecond = r;
            options.WebhookSecrets.AddRange(parse.GetValue(secrets) ?? []);
            options.AllowedOrigins.AddRange(parse.GetValue(origins) ?? []);

            Microsoft.AspNetCore.Builder.WebApplication app;
            try
            {
                // Logs go to stderr so stdout carries only the listening address, for scripts to read.
                app = CollectorHost.Build(options, builder =>
                    builder.Services.Configure<ConsoleLoggerOptions>(console => console.LogToStandardErrorThreshold = LogLevel.Trace));
            }
            catch (OptionsValidationException e)
            {
                foreach (var failure in e.Failures) await Console.Error.WriteLineAsync($"collector: {failure}");
                return 2;
            }
            catch (KafkaSettingsRefusedException e)
            {
                await Console.Error.WriteLineAsync($"collector: {e.Message}");
                return 2;
            }

            await using (app)
            {
                await app.StartAsync(cancel);
                Console.WriteLine(CollectorHost.GetBaseAddress(app));
                try
                {
                    await app.WaitForShutdownAsync(cancel);
                }
                catch (OperationCanceledException)
                {
                    // Ctrl-C or SIGTERM: the normal way to stop.
                }
                await app.StopAsync(CancellationToken.None);
            }
            return 0;
        });
        return command;
    }

    /// <summary>The Collector and Kafka sections of appsettings.json (working directory) and the environment, or of the given configuration.</summary>
    internal static CollectorOptions LoadOptions(IConfiguration? given = null)
    {
        var configuration = given ?? new ConfigurationBuilder()
            .SetBasePath(Directory.GetCurrentDirectory())
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .Build();
        var options = new CollectorOptions();
        configuration.GetSection(CollectorOptions.SectionName).Bind(options);
        configuration.GetSection(KafkaSecurityOptions.Section).Bind(options.Kafka);
        return options;
    }
}
