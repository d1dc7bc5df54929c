// The namespaces most of the portal's files use: the store, the Images API, the session, and the features every other
// feature depends on (Projects, Notifications, History; see the README's one-way dependencies).
global using ImageSharePortal.Images;
global using ImageSharePortal.Web.Auth;
global using ImageSharePortal.Web.Features.History;
global using ImageSharePortal.Web.Features.Notifications;
global using ImageSharePortal.Web.Features.Projects;
global using ImageSharePortal.Web.Store;
global using Microsoft.EntityFrameworkCore;
global using Microsoft.Extensions.Options;
