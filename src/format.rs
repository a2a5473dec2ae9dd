//! Numbers for people, shared by every page: one way to write a share as a percentage.

/// `share` (0..1) as a percentage with `decimals` decimals: `percent(0.333, 1)` is "33.3 %".
pub fn percent(share: f64, decimals: usize) -> String {
    format!("{:.*} %", decimals, 100.0 * share)
}

#[cfg(test)]
mod tests {
    #[test]
    fn percent_has_its_decimals_and_a_space() {
        assert_eq!((super::percent(0.333, 1), super::percent(0.5, 0)), ("33.3 %".into(), "50 %".into()));
    }
}
