//! The embedding options of a demo's URL, beside its settings: [`OPTIONS`] lists them (and
//! `www/embed.html` shows that list). A control is a setting of the demo's table, `backend` (the
//! backend choice) or `export` (the result and figure downloads); every one is hidden and locked
//! the same way, from the table, with no per-field code. Train, Pause, Step and Reset are always
//! shown.

use crate::settings::Problem;

/// Colour theme.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Theme {
    /// Follow the reader's `prefers-color-scheme`.
    #[default]
    Auto,
    /// Light colours.
    Light,
    /// Dark colours.
    Dark,
}

impl Theme {
    /// The URL word.
    pub fn key(self) -> &'static str {
        match self {
            Theme::Auto => "auto",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }
}

/// Every page option an embedder can put in the URL: (key=value, meaning).
pub const OPTIONS: &[(&str, &str)] = &[
    (
        "demo=<id>",
        "Which demo, by its id: each demo below gives its own (the one list of demos: the folders of `src/demos/`).",
    ),
    (
        "embed=1",
        "Only the demo: no site header, footer or back link. Training pauses while the demo is out of view or the tab \
            is hidden, and goes on when it is seen again.",
    ),
    (
        "autoplay=1",
        "Start training when the demo first scrolls into view (not for readers whose system asks for reduced motion).",
    ),
    ("controls=k,sigma", "Show only these controls: setting keys, backend, export."),
    ("<control>_hide=1", "Hide this control (as TensorFlow Playground's <prop>_hide)."),
    ("<control>_lock=1", "Show this control, but readers cannot change it."),
    (
        "backend=flex|webgpu|auto",
        "The backend (default: on a hardware GPU both are timed on the demo and the faster picked, else the CPU; \
            auto times both on any adapter).",
    ),
    (
        "origin=https://your.site",
        "The only origin whose messages may drive the demo (default: the parent page's origin).",
    ),
    ("theme=light|dark|auto", "Colours (default auto: the reader's prefers-color-scheme)."),
    (
        "<setting>=<value>",
        "Any setting of the demo's table; bad values are named and replaced by their defaults.",
    ),
];

/// The controls of every demo page besides its settings: the backend choice and the exports.
pub const PAGE_CONTROLS: &[&str] = &["backend", "export"];

/// What the URL asks of an embedded demo (all off for the site's own pages).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EmbedOptions {
    /// Start training when the demo first scrolls into view.
    pub autoplay: bool,
    /// `controls=`: when given, the only controls shown.
    pub only: Option<Vec<String>>,
    /// `<control>_hide=1`.
    pub hidden: Vec<String>,
    /// `<control>_lock=1`.
    pub locked: Vec<String>,
    /// `origin=`: the origin allowed to drive the demo by `postMessage`.
    pub origin: Option<String>,
    /// `theme=`.
    pub theme: Theme,
    /// `intro=0`: leave out the title and the opening paragraph.
    pub no_intro: bool,
}

pub use crate::settings::{OPTION_KEYS, is_option_key};

fn truthy(value: &str) -> Option<bool> {
    match value.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "" => Some(true),
        "0" | "false" | "no" => Some(false),
        _ => None,
    }
}

/// Checks an origin: `scheme://host[:port]`, nothing after.
pub fn valid_origin(text: &str) -> Result<String, String> {
    let text = text.trim().trim_end_matches('/');
    if text == "*" {
        return Err("'*' would let any page drive the demo; give the embedding page's origin".into());
    }
    let Some((scheme, rest)) = text.split_once("://") else {
        return Err(format!("'{text}' is not an origin like https://example.org"));
    };
    let host_ok = !rest.is_empty()
        && !rest.contains(['/', '?', '#', '@', ' '])
        && rest.chars().all(|c| c.is_ascii_alphanumeric() || "-.:[]".contains(c));
    if !matches!(scheme, "http" | "https") || !host_ok {
        return Err(format!("'{text}' is not an origin like https://example.org"));
    }
    Ok(text.to_ascii_lowercase())
}

impl EmbedOptions {
    /// Reads the options from the URL's pairs; a bad value is named in a problem and ignored.
    pub fn parse(pairs: &[(String, String)]) -> (Self, Vec<Problem>) {
        let mut options = Self::default();
        let mut problems = Vec::new();
        let flag = |key: &str, value: &str, problems: &mut Vec<Problem>| match truthy(value) {
            Some(v) => v,
            None => {
                problems.push(Problem::new(key, format!("'{value}' is not 1 or 0; ignored")));
                false
            }
        };
        for (key, value) in pairs {
            match key.as_str() {
                "autoplay" => options.autoplay = flag(key, value, &mut problems),
                "intro" => options.no_intro = !flag(key, value, &mut problems),
                "controls" => {
                    let names = value.split(',').map(str::trim).filter(|s| !s.is_empty()).map(String::from);
                    options.only = Some(names.collect());
                }
                "origin" => match valid_origin(value) {
                    Ok(origin) => options.origin = Some(origin),
                    Err(message) => problems.push(Problem::new(key, format!("{message}; ignored"))),
                },
                "theme" => match value.trim().to_ascii_lowercase().as_str() {
                    "auto" | "" => options.theme = Theme::Auto,
                    "light" => options.theme = Theme::Light,
                    "dark" => options.theme = Theme::Dark,
                    other => problems
                        .push(Problem::new(key, format!("'{other}' is not light, dark or auto; ignored"))),
                },
                _ => {
                    if let Some(control) = key.strip_suffix("_hide") {
                        if flag(key, value, &mut problems) {
                            options.hidden.push(control.to_string());
                        }
                    } else if let Some(control) = key.strip_suffix("_lock")
                        && flag(key, value, &mut problems)
                    {
                        options.locked.push(control.to_string());
                    }
                }
            }
        }
        (options, problems)
    }

    /// Problems for controls named in the options that the demo does not have (`controls` are
    /// its setting keys and [`PAGE_CONTROLS`]).
    pub fn unknown_controls(&self, settings: &[&str]) -> Vec<Problem> {
        let known = |name: &str| PAGE_CONTROLS.contains(&name) || settings.contains(&name);
        let mut problems = Vec::new();
        for name in self.only.iter().flatten().filter(|n| !known(n)) {
            problems.push(Problem::new("controls", format!("there is no control called '{name}'")));
        }
        for (suffix, names) in [("_hide", &self.hidden), ("_lock", &self.locked)] {
            for name in names.iter().filter(|n| !known(n)) {
                problems.push(Problem::new(&format!("{name}{suffix}"), "there is no such control; ignored"));
            }
        }
        problems
    }

    /// Whether control `name` is hidden.
    pub fn is_hidden(&self, name: &str) -> bool {
        self.hidden.iter().any(|h| h == name)
            || self.only.as_ref().is_some_and(|only| !only.iter().any(|o| o == name))
    }

    /// Whether control `name` is shown but cannot be changed by readers.
    pub fn is_locked(&self, name: &str) -> bool {
        self.locked.iter().any(|l| l == name)
    }

    /// The options as URL pairs, so that rewriting the URL keeps them.
    pub fn to_pairs(&self) -> Vec<(String, String)> {
        let mut pairs = Vec::new();
        if self.autoplay {
            pairs.push(("autoplay".into(), "1".into()));
        }
        if self.no_intro {
            pairs.push(("intro".into(), "0".into()));
        }
        if let Some(only) = &self.only {
            pairs.push(("controls".into(), only.join(",")));
        }
        pairs.extend(self.hidden.iter().map(|h| (format!("{h}_hide"), "1".to_string())));
        pairs.extend(self.locked.iter().map(|l| (format!("{l}_lock"), "1".to_string())));
        if let Some(origin) = &self.origin {
            pairs.push(("origin".into(), origin.clone()));
        }
        if self.theme != Theme::Auto {
            pairs.push(("theme".into(), self.theme.key().into()));
        }
        pairs
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::parse_query;

    #[test]
    fn options_round_trip_and_decide_what_is_shown() {
        let pairs = parse_query(
            "autoplay=1&controls=k,sigma,backend&k_lock=1&seed_hide=true&theme=dark\
             &origin=https://Blog.example.org/&intro=0",
        );
        let (options, problems) = EmbedOptions::parse(&pairs);
        assert!(problems.is_empty(), "{problems:?}");
        assert!(options.autoplay);
        assert_eq!(options.origin.as_deref(), Some("https://blog.example.org"));
        assert_eq!(options.theme, Theme::Dark);
        assert!(options.no_intro);
        assert!(!options.is_hidden("k") && !options.is_hidden("backend"));
        assert!(options.is_hidden("seed") && options.is_hidden("points"), "not in controls=");
        assert!(options.is_locked("k") && !options.is_locked("sigma"));
        let (again, _) = EmbedOptions::parse(&options.to_pairs());
        assert_eq!(again, options);
        assert!(options.unknown_controls(&["k", "sigma", "points"]).iter().any(|p| p.key == "seed_hide"));
    }

    #[test]
    fn bad_options_are_named_and_ignored() {
        let pairs = parse_query("autoplay=maybe&origin=*&theme=purple&controls=k,nope&nope_lock=1&k_hide=0");
        let (options, problems) = EmbedOptions::parse(&pairs);
        let keys: Vec<&str> = problems.iter().map(|p| p.key.as_str()).collect();
        assert_eq!(keys, ["autoplay", "origin", "theme"]);
        assert!(problems[1].message.contains("any page"), "{problems:?}");
        assert_eq!(options.origin, None);
        assert!(!options.autoplay && !options.is_hidden("k"));
        let unknown = options.unknown_controls(&["k"]);
        assert_eq!(unknown.len(), 2, "{unknown:?}");
        for bad in ["example.org", "https://a.org/path", "javascript://x", "https://user@a.org", "https://"] {
            assert!(valid_origin(bad).is_err(), "{bad}");
        }
        assert_eq!(valid_origin("http://127.0.0.1:8080").unwrap(), "http://127.0.0.1:8080");
    }
}
