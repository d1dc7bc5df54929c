
namespace Microsoft.AspNetCore.Builder;

/// <summary>How a start that fails on its settings is told: the sentences of the checks, without a stack trace.</summary>
public static class PortalStartup
{
    /// <summary>
    /// A failed options validation, or a settings check that threw while the portal was being put together or started
    /// (backend and sign-in mode, clouds.yaml, Keystone, organisation and store settings): the portal's own checks throw
    /// <see cref="InvalidOperationException"/> with a sentence that names the setting.
    /// Anything else (an <see cref="InvalidOperationException"/> from a library, a bug) keeps its stack trace.
    /// </summary>
    public static bool IsSettingsProblem(Exception e) =>
        e is AggregateException { InnerExceptions.Count: 1 } one ? IsSettingsProblem(one.InnerExceptions[0]) :
        e is OptionsValidationException
        || (e.GetType() == typeof(InvalidOperationException)
            && e.TargetSite?.DeclaringType?.Assembly.GetName().Name?.StartsWith("ImageSharePortal.", StringComparison.Ordinal) == true);

    public static string Describe(Exception e)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (e is AggregateException { InnerExceptions.Count: 1 } one)
        {
            return Describe(one.InnerExceptions[0]);
        }

        return e is OptionsValidationException validation ? string.Join(" ", validation.Failures) : e.Message;
    }

    /// <summary>A setting that needs the embedded default, in a build that leaves it out.</summary>
    public static string LeftOut(string setting, string fix) =>
        $"{setting}, but this build leaves out the embedded default (built with -p:EmbeddedDefault=false). {fix}";
}

/// <summary>Where the Images API is, in words for the start-up log, when it is not a configured address.</summary>
internal interface IImagesEndpointDescription
{
    string Describe();
}
