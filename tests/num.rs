//! `num` parses and prints floats exactly as std does (natively it is std; in the
//! browser, `tests/browser.rs` runs the same check through JavaScript).

use crate::common::floats;

#[test]
fn parses_and_prints_exactly_like_std() {
    assert_eq!(floats::disagreement_with_std(20_000, 5), None);
    assert_eq!(floats::disagreement_with_std(20_000, 99), None);
}
