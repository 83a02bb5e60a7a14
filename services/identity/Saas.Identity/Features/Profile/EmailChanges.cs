using Saas.Contracts.Identity;
using Saas.Identity.Features.Accounts;
using Saas.Identity.Features.Activity;
using Saas.Identity.Features.Mail;
using Saas.ServiceDefaults.Messaging;
using Saas.Storage;
using Saas.Identity.Storage;
using Saas.Identity.Features.Tokens;

namespace Saas.Identity.Features.Profile;

/// <summary>
/// Changing an account's e-mail address. With <c>Identity:RequireVerifiedEmail</c> a change is only requested by
/// <c>PUT /api/user/profile</c>: the new address gets a confirmation link (an address that has an account already gets
/// a notice instead, and the caller the very same answer, so the route tells nobody which addresses are registered),
/// and the change happens when the link is used (<c>POST /api/auth/verify-email</c>). Without it (seed 000's
/// behaviour) the change is immediate and a taken address is answered 409, as saasbackend did.
/// </summary>
public sealed class EmailChanges(IdentityStore store, MessageOutbox outbox, OneTimeTokens tokens, AccountMails mails, ActivityLog activity, TimeProvider time)
{
    /// <summary>Mails the confirmation link to <paramref name="newEmail"/>, or a notice to its owner when it has an account.</summary>
    public async Task RequestAsync(User user, string newEmail, CancellationToken cancellationToken)
    {
        var taken = await store.Users.CountAsync(u => u.Email == newEmail, cancellationToken) > 0;
        if (taken)
        {
            await mails.QueueEmailChangeAttemptNoticeAsync(newEmail, cancellationToken);
        }
        else
        {
            await mails.QueueEmailChangeConfirmationAsync(user.Id, newEmail, cancellationToken);
        }
    }

    /// <summary>
    /// Applies the change a confirmation token stands for; null when the address was taken in the meantime (the
    /// owner of the account changes nothing, and the token is used up).
    /// </summary>
    public async Task<User?> ConfirmAsync(OneTimeToken record, CancellationToken cancellationToken)
    {
        string? oldEmail = null;
        User? user;
        try
        {
            user = await store.Users.UpdateAsync(record.UserId, u =>
            {
                oldEmail = u.Email;
                u.Email = record.Email!;
                u.EmailVerified = true; // the link was opened from that mailbox
                u.UpdatedAt = time.GetUtcNow();
                return true;
            }, cancellationToken);
        }
        catch (DuplicateKeyException)
        {
            return null;
        }

        if (user is not null && oldEmail != user.Email)
        {
            await AnnounceAsync(user, oldEmail!, verifyNewAddress: false, cancellationToken);
            await activity.RecordAsync(user.Id, ActivityLog.ProfileUpdated, new() { ["fields"] = new[] { "email" } }, cancellationToken);
        }

        return user;
    }

    /// <summary>What follows a change of address: billing hears of it, reset links die, the old address is told.</summary>
    public async Task AnnounceAsync(User user, string oldEmail, bool verifyNewAddress, CancellationToken cancellationToken)
    {
        await outbox.EnqueueAsync(new UserEmailChanged
        {
            EventId = Guid.NewGuid(), OccurredAt = time.GetUtcNow(), UserId = user.Id, OldEmail = oldEmail, NewEmail = user.Email,
            StripeCustomerId = user.StripeCustomerId,
        }, user.Id, cancellationToken);
        await tokens.VoidAsync(user.Id, OneTimeTokens.PasswordReset, cancellationToken);
        if (verifyNewAddress)
        {
            await mails.QueueEmailVerificationAsync(user.Id, user.Email, cancellationToken);
        }

        await mails.QueueEmailChangedNoticeAsync(oldEmail, user.Email, cancellationToken);
    }
}
