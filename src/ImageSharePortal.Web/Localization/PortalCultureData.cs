using System.Globalization;

namespace ImageSharePortal.Web.Localization;

/// <summary>
/// How each language writes dates and numbers. The portal runs with invariant globalization (no ICU on the machine
/// needed), so the cultures it speaks carry their format data from here: German month names, "3. Dez. 2026",
/// "1.234,5". English keeps the portal's "3 Dec 2026" and "1,234.5".
/// </summary>
public static class PortalCultureData
{
    /// <summary>The culture for <paramref name="name"/> (a supported name), with its dates and numbers filled in.</summary>
    public static CultureInfo Create(string name)
    {
        var culture = new CultureInfo(name);
        if (name == "de")
        {
            var dates = culture.DateTimeFormat;
            dates.MonthNames = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember", ""];
            dates.MonthGenitiveNames = dates.MonthNames;
            dates.AbbreviatedMonthNames = ["Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sept.", "Okt.", "Nov.", "Dez.", ""];
            dates.AbbreviatedMonthGenitiveNames = dates.AbbreviatedMonthNames;
            dates.DayNames = ["Sonntag", "Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag"];
            dates.AbbreviatedDayNames = ["So.", "Mo.", "Di.", "Mi.", "Do.", "Fr.", "Sa."];
            dates.ShortestDayNames = ["So", "Mo", "Di", "Mi", "Do", "Fr", "Sa"];
            dates.FirstDayOfWeek = DayOfWeek.Monday;
            dates.ShortDatePattern = "dd.MM.yyyy";
            dates.LongDatePattern = "dddd, d. MMMM yyyy";
            dates.ShortTimePattern = "HH:mm";
            dates.LongTimePattern = "HH:mm:ss";
            dates.AMDesignator = "";
            dates.PMDesignator = "";
            var numbers = culture.NumberFormat;
            numbers.NumberDecimalSeparator = ",";
            numbers.NumberGroupSeparator = ".";
            numbers.PercentDecimalSeparator = ",";
            numbers.PercentGroupSeparator = ".";
            numbers.CurrencyDecimalSeparator = ",";
            numbers.CurrencyGroupSeparator = ".";
        }

        return culture;
    }

    /// <summary>A day, as the language writes it in running text: "3 Dec 2026", "3. Dez. 2026".</summary>
    public static string DatePattern(CultureInfo culture) => IsGerman(culture) ? "d. MMM yyyy" : "d MMM yyyy";

    /// <summary>A day and a time of day (UTC): "3 Dec 2026 16:41 UTC", "3. Dez. 2026, 16:41 UTC".</summary>
    public static string DateTimePattern(CultureInfo culture) => IsGerman(culture) ? "d. MMM yyyy, HH:mm 'UTC'" : "d MMM yyyy HH:mm 'UTC'";

    /// <summary>A day and month without the year (chart weeks): "3 Dec", "3. Dez.".</summary>
    public static string DayMonthPattern(CultureInfo culture) => IsGerman(culture) ? "d. MMM" : "d MMM";

    private static bool IsGerman(CultureInfo culture) => PortalCultures.Match(culture.Name) == "de";
}
