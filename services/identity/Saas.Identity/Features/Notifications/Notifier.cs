using Saas.Identity.Storage;
using Saas.Storage;

namespace Saas.Identity.Features.Notifications;

public sealed class Notifier(IdentityStore store, TimeProvider time)
{
    /// <summary>
    /// Adds a notification. With <paramref name="id"/> (derived from an event id) a second delivery of the same
    /// event adds nothing: the duplicate id is refused by the store.
    /// </summary>
    public async Task AddAsync(string userId, string type, string title, string message, CancellationToken cancellationToken, string? id = null)
    {
        try
        {
            await store.Notifications.InsertAsync(new Notification
            {
                Id = id ?? "", UserId = userId, Type = type, Title = title, Message = message, CreatedAt = time.GetUtcNow(),
            }, cancellationToken);
        }
        catch (DuplicateKeyException) when (id is not null)
        {
        }
    }
}
