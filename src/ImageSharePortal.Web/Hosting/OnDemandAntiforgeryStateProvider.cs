using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.AspNetCore.Components.Web;

namespace ImageSharePortal.Web.Hosting;

/// <summary>
/// Antiforgery tokens for the pages that render a form, and only for them. Blazor's own provider is asked for a token
/// when it persists component state, which happens on every page, even a static one with no form: every catalogue
/// view then set a fresh antiforgery cookie, became <c>no-cache, no-store</c> and carried ~1.2 KB of encrypted state.
/// Here a token is made the first time a form (<c>&lt;AntiforgeryToken /&gt;</c>, an <c>EditForm</c>) asks during the
/// HTTP request, and handed to the circuit through persistent component state only if one was made.
/// </summary>
internal sealed class OnDemandAntiforgeryStateProvider : AntiforgeryStateProvider, IDisposable
{
    private const string PersistenceKey = "isp-antiforgery";
    private readonly IAntiforgery _antiforgery;
    private readonly IHttpContextAccessor _http;
    private readonly PersistentComponentState _state;
    private readonly PersistingComponentStateSubscription _subscription;
    private readonly bool _fromCircuitStart;
    private AntiforgeryRequestToken? _token;

    public OnDemandAntiforgeryStateProvider(IAntiforgery antiforgery, IHttpContextAccessor http, PersistentComponentState state)
    {
        _antiforgery = antiforgery;
        _http = http;
        _state = state;
        _fromCircuitStart = state.TryTakeFromJson(PersistenceKey, out _token);
        _subscription = state.RegisterOnPersisting(PersistAsync, RenderMode.InteractiveServer);
    }

    public override AntiforgeryRequestToken? GetAntiforgeryToken()
    {
        if (_token is not null || _fromCircuitStart)
        {
            return _token;
        }

        var context = _http.HttpContext;
        if (context is null || context.WebSockets.IsWebSocketRequest)
        {
            return null;
        }

        // Before the response starts the cookie can still be set; after it (streaming), the request's own cookie is used.
        var tokens = context.Response.HasStarted ? _antiforgery.GetTokens(context) : _antiforgery.GetAndStoreTokens(context);
        _token = tokens.RequestToken is null ? null : new AntiforgeryRequestToken(tokens.RequestToken, tokens.FormFieldName);
        return _token;
    }

    public void Dispose() => _subscription.Dispose();

    private Task PersistAsync()
    {
        if (_token is not null)
        {
            _state.PersistAsJson(PersistenceKey, _token);
        }

        return Task.CompletedTask;
    }
}
