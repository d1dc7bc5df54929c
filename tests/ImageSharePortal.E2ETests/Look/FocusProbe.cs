namespace ImageSharePortal.E2ETests.Look;

/// <summary>What a Tab stop looks like focused and unfocused, measured in the page (computed styles, WCAG contrast).</summary>
public static class FocusProbe
{
    /// <summary>One Tab stop: what it is, and why its focus cannot be seen (null when it can).</summary>
    public sealed class Stop
    {
        public string Element { get; set; } = "";

        public bool Seen { get; set; }

        public string? Problem { get; set; }
    }

    /// <summary>
    /// Presses Tab through the whole page (at most <paramref name="limit"/> stops) and checks each stop: a focus outline of
    /// at least 2 px, at least 3:1 against what is behind it, that the same element does not have unfocused.
    /// </summary>
    public static async Task<IReadOnlyList<Stop>> TabThroughAsync(IPage page, int limit = 120)
    {
        await page.EvaluateAsync("() => { document.activeElement?.blur(); window.scrollTo(0, 0); }");
        var stops = new List<Stop>();
        var offPage = 0; // the browser may start the Tab order anywhere; it wraps through the body once
        for (var i = 0; i < limit; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            var stop = await page.EvaluateAsync<Stop?>(Script);
            if (stop is null)
            {
                if (++offPage > 1)
                {
                    break;
                }

                continue;
            }

            if (stop.Seen)
            {
                break;
            }

            stops.Add(stop);
        }

        return stops;
    }

    // Returns null on the body; Seen when the stop was visited before (the page's Tab order is done).
    private const string Script = """
        () => {
          const el = document.activeElement;
          if (!el || el === document.body || el === document.documentElement) return null;
          const name = (el.tagName.toLowerCase() + ' "' + (el.getAttribute('aria-label') || el.textContent || el.getAttribute('name') || '').trim().slice(0, 40) + '"');
          if (el.dataset.tabSeen) return { element: name, seen: true, problem: null };
          el.dataset.tabSeen = '1';
          const rgba = c => { const m = /rgba?\(([^)]+)\)/.exec(c || ''); if (!m) return null; const p = m[1].split(/[\s,\/]+/).filter(Boolean).map(Number); return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 }; };
          const lum = c => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }; return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b); };
          const ratio = (a, b) => { const x = lum(a), y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
          const behind = node => {
            for (let n = node.parentElement; n; n = n.parentElement) { const c = rgba(getComputedStyle(n).backgroundColor); if (c && c.a > 0.5) return c; }
            return { r: 255, g: 255, b: 255, a: 1 };
          };
          const ring = s => s.outlineStyle !== 'none' && s.outlineStyle !== 'auto' && parseFloat(s.outlineWidth) >= 2 ? s.outlineColor + ' ' + s.outlineWidth : null;
          el.scrollIntoView({ block: 'center' });
          // A control drawn by its container (a checkbox's hidden input) shows its ring on the nearest visible box.
          const visible = n => { const r = n.getBoundingClientRect(); return r.width >= 4 && r.height >= 4 && getComputedStyle(n).opacity !== '0'; };
          let shown = el;
          if (!visible(el)) {
            shown = null;
            for (let n = el.parentElement, depth = 0; n && depth < 3 && !shown; n = n.parentElement, depth++) {
              const box = visible(n) ? n : [...n.children].find(c => c !== el && visible(c) && ring(getComputedStyle(c)));
              if (box && ring(getComputedStyle(box))) shown = box;
            }
            if (!shown) return { element: name, seen: false, problem: 'focused element is not visible, and no box around it shows a ring' };
          }
          const focused = ring(getComputedStyle(shown));
          if (!focused) return { element: name, seen: false, problem: 'no focus outline of 2 px or more (' + getComputedStyle(shown).outlineStyle + ' ' + getComputedStyle(shown).outlineWidth + ')' };
          const contrast = ratio(rgba(getComputedStyle(shown).outlineColor), behind(shown));
          if (contrast < 3) return { element: name, seen: false, problem: 'focus outline contrast ' + contrast.toFixed(2) + ':1' };
          // The unfocused look: a copy beside it (of the box's parent when the ring is on a box, so that a :has() rule
          // on the parent sees no focused input in the copy).
          const host = shown === el ? shown : shown.parentElement;
          const copy = host.cloneNode(true);
          copy.removeAttribute('id'); copy.setAttribute('aria-hidden', 'true');
          copy.querySelectorAll('[data-tab-seen]').forEach(n => n.removeAttribute('data-tab-seen'));
          host.after(copy);
          const twin = shown === el ? copy : copy.children[[...host.children].indexOf(shown)];
          const unfocused = ring(getComputedStyle(twin));
          copy.remove();
          if (unfocused === focused) return { element: name, seen: false, problem: 'looks the same unfocused' };
          return { element: name, seen: false, problem: null };
        }
        """;
}
