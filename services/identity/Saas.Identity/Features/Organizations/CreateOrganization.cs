using System.Security.Claims;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Saas.Contracts.Identity;
using Saas.Identity.Http;
using Saas.Identity.Storage;
using Saas.Identity.Features.Accounts;
using Saas.ServiceDefaults.Authentication;
using Saas.ServiceDefaults.Errors;
using Saas.Storage;

namespace Saas.Identity.Features.Organizations;

public static partial class CreateOrganization
{
    public const int MaxNameLength = 100;
    public const int MinSlugLength = 2;
    public const int MaxSlugLength = 48;

    public static async Task<Results<Created<OrganizationResponse>, ProblemHttpResult>> HandleAsync(
        HttpRequest request,
        ClaimsPrincipal principal,
        IdentityStore store,
        OrganizationChanges changes,
        IOptions<AccountOptions> options,
        CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync(request, options.Value.MaxRequestBodyBytes, cancellationToken);
        var name = ReadName(body);
        var slug = body.String("slug", required: false, maxLength: 256);
        if (body.Error is null)
        {
            slug = slug is null ? SlugFrom(name!) : slug.Trim();
            if (SlugProblem(slug) is { } problem)
            {
                body.Fail<string>(problem, "slug");
            }
        }

        if (body.Error is { } error)
        {
            return error;
        }

        var userId = principal.GetUserId()!;
        var now = changes.Now;
        var organization = new Organization
        {
            Id = Guid.NewGuid().ToString("N"), Name = name!, Slug = slug!, CreatedBy = userId, CreatedAt = now, UpdatedAt = now,
        };
        organization.AddMember(userId, OrganizationRoles.Owner, now);
        var staging = new EventStaging(organization, now);
        staging.Add(new OrganizationCreated
        {
            EventId = Guid.NewGuid(), OccurredAt = now, OrganizationId = organization.Id, Slug = organization.Slug,
            Name = organization.Name, OwnerUserId = userId,
        });
        staging.MembershipChanged(userId, OrganizationRoles.Owner);
        try
        {
            await store.Organizations.InsertAsync(organization, cancellationToken);
        }
        catch (DuplicateKeyException)
        {
            return OrganizationAccess.Conflict($"The slug '{slug}' is already taken", "slug");
        }

        await changes.PublishAsync(organization, staging, cancellationToken);
        return TypedResults.Created($"/api/v1/organizations/{organization.Slug}",
            await OrganizationResponses.DetailAsync(store, organization, userId, cancellationToken));
    }

    /// <summary>A required display name: trimmed, 1-100 characters, no control characters (it goes into mail subjects).</summary>
    internal static string? ReadName(JsonBody body)
    {
        var name = body.String("name", maxLength: MaxNameLength + 64)?.Trim();
        if (name is null)
        {
            return null;
        }

        if (name.Length > MaxNameLength)
        {
            return body.Fail<string>($"name must be at most {MaxNameLength} characters", "name");
        }

        return name.Any(char.IsControl) ? body.Fail<string>("name must not contain control characters", "name") : name;
    }

    /// <summary>Why <paramref name="slug"/> cannot be a slug, or null when it can.</summary>
    public static string? SlugProblem(string slug)
    {
        if (slug.Length is < MinSlugLength or > MaxSlugLength)
        {
            return $"slug must be {MinSlugLength} to {MaxSlugLength} characters";
        }

        if (!SlugPattern().IsMatch(slug))
        {
            return "slug may contain only lowercase letters, digits and hyphens (^[a-z0-9-]+$)";
        }

        return slug.StartsWith('-') || slug.EndsWith('-') ? "slug must start and end with a letter or digit" : null;
    }

    /// <summary>"Acme Corp." gives "acme-corp": the slug a client that sends none gets.</summary>
    public static string SlugFrom(string name)
    {
        var slug = NotSlug().Replace(name.ToLowerInvariant(), "-").Trim('-');
        return slug.Length > MaxSlugLength ? slug[..MaxSlugLength].TrimEnd('-') : slug;
    }

    [GeneratedRegex("^[a-z0-9-]+$")]
    private static partial Regex SlugPattern();

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NotSlug();
}
