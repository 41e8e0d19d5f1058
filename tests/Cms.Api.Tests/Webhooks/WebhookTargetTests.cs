using System.Net;
using Cms.Api.Webhooks;

namespace Cms.Api.Tests.Webhooks;

/// <summary>The address guard on its own: every special-purpose network is refused, public addresses are not.</summary>
public sealed class WebhookTargetTests
{
    [Theory]
    [InlineData("0.1.2.3")]
    [InlineData("10.1.2.3")]
    [InlineData("100.64.0.1")]
    [InlineData("127.0.0.1")]
    [InlineData("169.254.169.254")] // cloud metadata
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.255")]
    [InlineData("192.0.0.8")]
    [InlineData("192.0.2.1")] // TEST-NET-1
    [InlineData("192.168.1.1")]
    [InlineData("198.18.0.1")] // benchmarking
    [InlineData("198.19.255.255")]
    [InlineData("198.51.100.7")] // TEST-NET-2
    [InlineData("203.0.113.9")] // TEST-NET-3
    [InlineData("224.0.0.1")]
    [InlineData("240.0.0.1")]
    [InlineData("255.255.255.255")]
    [InlineData("::")]
    [InlineData("::1")]
    [InlineData("::ffff:10.0.0.1")] // IPv4-mapped
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("fe80::1")]
    [InlineData("fc00::1")]
    [InlineData("fd12:3456::1")]
    [InlineData("ff02::1")]
    [InlineData("2001:db8::1")]
    [InlineData("64:ff9b::a00:1")] // NAT64 of 10.0.0.1
    [InlineData("64:ff9b::7f00:1")] // NAT64 of 127.0.0.1
    [InlineData("64:ff9b::a9fe:a9fe")] // NAT64 of 169.254.169.254
    [InlineData("2002:a00:1::1")] // 6to4 of 10.0.0.1
    [InlineData("2002:c0a8:101::1")] // 6to4 of 192.168.1.1
    [InlineData("2001:0:4136:e378:8000:63bf:f5ff:fffe")] // Teredo, client 10.0.0.1 (stored inverted)
    [InlineData("2001:0:a00:1:8000:63bf:3fff:fdd2")] // Teredo, server 10.0.0.1
    public void A_special_purpose_address_is_refused(string address) =>
        Assert.False(WebhookTargets.IsPublic(IPAddress.Parse(address)), address);

    [Theory]
    [InlineData("1.1.1.1")]
    [InlineData("8.8.8.8")]
    [InlineData("93.184.216.34")]
    [InlineData("172.32.0.1")] // just past 172.16.0.0/12
    [InlineData("100.128.0.1")] // just past carrier-grade NAT
    [InlineData("198.20.0.1")] // just past the benchmarking /15
    [InlineData("::ffff:8.8.8.8")]
    [InlineData("2606:4700:4700::1111")]
    [InlineData("64:ff9b::808:808")] // NAT64 of 8.8.8.8
    [InlineData("2002:808:808::1")] // 6to4 of 8.8.8.8
    [InlineData("2001:0:4136:e378:8000:63bf:f7f7:f7f7")] // Teredo, server 65.54.227.120, client 8.8.8.8
    public void A_public_address_is_allowed(string address) =>
        Assert.True(WebhookTargets.IsPublic(IPAddress.Parse(address)), address);
}
