using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cms.Data.Keys;

/// <summary>
/// A member of staff who signs in (machines keep API keys). ASP.NET Core Identity's user: its password hash, lockout
/// counters, security stamp (changed to end every session) and concurrency stamp; the e-mail address is the user name.
/// The role is one of the keys' roles, so a person may do exactly what a key of that role may.
/// </summary>
public sealed class Person : IdentityUser<Guid>
{
    public Person()
    {
        Id = Guid.CreateVersion7();
    }

    /// <summary>How the person is shown in the app, the audit log, revisions and edit locks.</summary>
    public required string Name { get; set; }

    public KeyRole Role { get; set; }

    /// <summary>The author profile that is this person ("my stories", the default byline); null when none.</summary>
    public Guid? AuthorId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When an admin disabled the account: it cannot sign in, and its sessions ended then.</summary>
    public DateTimeOffset? DisabledAt { get; set; }

    public DateTimeOffset? LastSignInAt { get; set; }
}

public sealed class PersonConfiguration : IEntityTypeConfiguration<Person>
{
    public void Configure(EntityTypeBuilder<Person> builder)
    {
        builder.ToTable("People");
        builder.Property(p => p.Name).HasMaxLength(100);
        builder.Property(p => p.Role).HasConversion<string>().HasMaxLength(20);
        builder.Property(p => p.UserName).HasMaxLength(256);
        builder.Property(p => p.NormalizedUserName).HasMaxLength(256);
        builder.Property(p => p.Email).HasMaxLength(256);
        builder.Property(p => p.NormalizedEmail).HasMaxLength(256);
        builder.Property(p => p.PasswordHash).HasMaxLength(200);
        builder.Property(p => p.SecurityStamp).HasMaxLength(64);
        builder.Property(p => p.ConcurrencyStamp).HasMaxLength(64).IsConcurrencyToken();
        // Sign-in finds a person by normalized user name (the e-mail); Identity keeps both unique.
        builder.HasIndex(p => p.NormalizedUserName).IsUnique();
        builder.HasIndex(p => p.NormalizedEmail).IsUnique();
        builder.HasOne<Authors.Author>().WithMany().HasForeignKey(p => p.AuthorId).OnDelete(DeleteBehavior.SetNull);
        // Staff accounts have no telephone or second factor here (passkeys and TOTP are not offered yet).
        builder.Ignore(p => p.PhoneNumber);
        builder.Ignore(p => p.PhoneNumberConfirmed);
        builder.Ignore(p => p.TwoFactorEnabled);
    }
}

/// <summary>
/// A person's passkeys (WebAuthn credentials): Identity's own rows, keyed by the credential's id, the public key and
/// counters as JSON. Gone with the person.
/// </summary>
public sealed class PersonPasskeyConfiguration : IEntityTypeConfiguration<IdentityUserPasskey<Guid>>
{
    public void Configure(EntityTypeBuilder<IdentityUserPasskey<Guid>> builder)
    {
        builder.ToTable("PersonPasskeys");
        builder.HasKey(p => p.CredentialId);
        builder.Property(p => p.CredentialId).HasMaxLength(1024);
        builder.HasOne<Person>().WithMany().HasForeignKey(p => p.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(p => p.UserId);
        builder.OwnsOne(p => p.Data).ToJson();
    }
}
