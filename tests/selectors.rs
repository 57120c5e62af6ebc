//! Label selectors mean what apimachinery's `labels.Parse` makes them mean: a
//! table of selectors, label sets and the verdicts (cases after its
//! selector_test.go). Both doors share the parser, so the differential suite
//! cannot see a wrong verdict; this table can.

use rollout_playground::kubectl::selector_matches_str;
use rollout_playground::sim::Labels;

fn labels(text: &str) -> Labels {
    let mut l = Labels::new();
    for kv in text.split(',').filter(|s| !s.is_empty()) {
        let (k, v) = kv.split_once('=').unwrap();
        l.insert(k.to_string(), v.to_string());
    }
    l
}

#[test]
fn selectors_match_as_apimachinery_reads_them() {
    let cases: &[(&str, &str, bool)] = &[
        ("", "x=y", true),
        ("x=y", "x=y", true),
        ("x==y", "x=y", true),
        ("x=y", "x=z", false),
        ("x!=y", "x=z", true),
        ("x!=y", "", true),
        ("x", "x=z", true),
        ("x", "y=z", false),
        ("!x", "y=z", true),
        ("!x", "x=z", false),
        ("x in (y,z)", "x=z", true),
        ("x in (y,z)", "x=w", false),
        ("x in (y,z)", "", false),
        ("x notin (y,z)", "x=w", true),
        ("x notin (y,z)", "", true),
        ("x notin (y,z)", "x=y", false),
        ("x in (,y)", "x=", true),
        ("x in ()", "x=", true),
        ("x=", "x=", true),
        ("x>3", "x=4", true),
        ("x > 3", "x=3", false),
        ("x<3", "x=-1", true),
        ("x>3", "x=a", false),
        ("x,y", "x=1,y=2", true),
        ("x,y", "x=1", false),
        ("x in (in),y notin (notin)", "x=in,y=a", true),
        ("  x = y ,  z  ", "x=y,z=1", true),
    ];
    for (selector, have, want) in cases {
        assert_eq!(
            selector_matches_str(selector, &labels(have)),
            Ok(*want),
            "{selector:?} on {{{have}}}"
        );
    }
}

#[test]
fn bad_selectors_get_the_parsers_words() {
    let cases: &[(&str, &str)] = &[
        ("x in y", "unable to parse requirement: found 'y' expected: '('"),
        ("x in (y", "unable to parse requirement: found '', expected: ',' or ')'"),
        ("x ==", ""),
        ("x (y)", "unable to parse requirement: found '(', expected: in, notin, =, ==, !=, gt, lt"),
        (",x", "found ',', expected: !, identifier, or 'end of string'"),
        ("x,", "found '', expected: identifier after ','"),
        ("x gt 3", "unable to parse requirement: found 'gt', expected: in, notin, =, ==, !=, gt, lt"),
        ("x=y)", "found ')', expected: ',' or 'end of string'"),
        ("x>y", "unable to parse requirement: values: Invalid value: []string{\"y\"}: for 'Gt', 'Lt' operators, the value must be an integer"),
    ];
    for (selector, want) in cases {
        let got = selector_matches_str(selector, &Labels::new());
        if want.is_empty() {
            assert!(got.is_ok(), "{selector:?}: {got:?}");
        } else {
            assert_eq!(got, Err(want.to_string()), "{selector:?}");
        }
    }
}
