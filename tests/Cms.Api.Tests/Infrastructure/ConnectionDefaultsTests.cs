using Cms.Api.Infrastructure;
using Npgsql;

namespace Cms.Api.Tests.Infrastructure;

public sealed class ConnectionDefaultsTests
{
    [Fact]
    public void A_PostgreSQL_connection_string_gets_prepared_statements_no_reset_and_a_pool_for_the_machine_unless_it_says_otherwise()
    {
        var tuned = new NpgsqlConnectionStringBuilder(
            DatabaseSetup.WithConnectionDefaults("Host=db;Database=cms;Username=cms", 8));

        Assert.Equal(8, tuned.MaxPoolSize);
        Assert.Equal(64, tuned.MaxAutoPrepare);
        Assert.True(tuned.NoResetOnClose);
        Assert.Equal(5, tuned.Timeout);
        Assert.Equal("db", tuned.Host);
        Assert.Equal("cms", tuned.Database);
    }

    [Fact]
    public void What_the_connection_string_sets_is_kept()
    {
        var kept = new NpgsqlConnectionStringBuilder(DatabaseSetup.WithConnectionDefaults(
            "Host=db;Database=cms;Max Auto Prepare=0;No Reset On Close=false;Maximum Pool Size=50;Timeout=20;Command Timeout=7", 8));

        Assert.Equal(50, kept.MaxPoolSize);
        Assert.Equal(0, kept.MaxAutoPrepare);
        Assert.False(kept.NoResetOnClose);
        Assert.Equal(20, kept.Timeout);
        Assert.Equal(7, kept.CommandTimeout);
        // A command timeout alone is not the connect timeout.
        Assert.Equal(5, new NpgsqlConnectionStringBuilder(DatabaseSetup.WithConnectionDefaults("Host=db;Command Timeout=7", 8)).Timeout);
    }
}
