using System.Security.Claims;
using Saas.ServiceDefaults.Authentication;

namespace Saas.Billing.Common;

/// <summary>
/// Who pays and whose usage is counted. Today always the signed-in user; organizations (seed 003) will add a
/// second kind chosen by <c>X-Organization-Id</c>, so every document is keyed by <see cref="Key"/>, never by a bare user id.
/// </summary>
public readonly record struct SubscriberId(string Kind, string Id)
{
    public const string UserKind = "user";

    /// <summary>The document key: <c>user:&lt;id&gt;</c>.</summary>
    public string Key => $"{Kind}:{Id}";

    public bool IsUser => Kind == UserKind;

    public static SubscriberId ForUser(string userId) => new(UserKind, userId);

    /// <summary>The subscriber of an authenticated request (its <c>sub</c> claim).</summary>
    public static SubscriberId From(ClaimsPrincipal user) =>
        ForUser(user.GetUserId() ?? throw new InvalidOperationException("An authenticated principal without a 'sub' claim."));

    public override string ToString() => Key;
}
