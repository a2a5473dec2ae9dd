//! Numbers for people, shared by every page: one way to write a share as a percentage, and one
//! way to write a bound's number.

/// `share` (0..1) as a percentage with `decimals` decimals: `percent(0.333, 1)` is "33.3 %".
pub fn percent(share: f64, decimals: usize) -> String {
    format!("{:.*} %", decimals, 100.0 * share)
}

/// `x` as written in a bound: up to 3 decimals, trailing zeros dropped (`0.95`, `3`, `0.125`).
pub fn number(x: f64) -> String {
    let text = format!("{x:.3}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" { "0".into() } else { text.into() }
}

#[cfg(test)]
mod tests {
    #[test]
    fn numbers_drop_trailing_zeros() {
        assert_eq!([0.95, 3.0, 0.125, -0.0001, 1e-4].map(super::number), ["0.95", "3", "0.125", "0", "0"]);
    }

    #[test]
    fn percent_has_its_decimals_and_a_space() {
        assert_eq!((super::percent(0.333, 1), super::percent(0.5, 0)), ("33.3 %".into(), "50 %".into()));
    }
}
