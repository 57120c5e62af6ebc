//! The YAML reader's unit tests: what manifests use, and go-yaml v2's errors.
use super::super::value::to_string;
use super::*;

fn json_of(text: &str) -> String {
    parse_documents(text)
        .expect("parses")
        .iter()
        .map(|(line, v)| format!("{line}:{}", to_string(v)))
        .collect::<Vec<_>>()
        .join(" | ")
}

fn error_of(text: &str) -> String {
    let e = parse_documents(text).expect_err("refused");
    format!("{:?}: {}", e.line, e.problem)
}

#[test]
fn reads_what_manifests_use() {
    let cases: &[(&str, &str)] = &[
        ("a: 1\nb: x\n", r#"1:{"a":1,"b":"x"}"#),
        ("a:\n  b:\n  - 1\n  - two\n  c: {d: [e, 'f g'], h: }\n", r#"1:{"a":{"b":[1,"two"],"c":{"d":["e","f g"],"h":null}}}"#),
        ("k:\n- name: a\n  image: x:1.25\n- name: b # note\n", r#"1:{"k":[{"name":"a","image":"x:1.25"},{"name":"b"}]}"#),
        ("- - a\n  - b\n- c\n", r#"1:[["a","b"],"c"]"#),
        ("a: yes\nb: 0755\nc: 0x1F\nd: 1_000\ne: 1.5\nf: 3.0\ng: ~\nh: \"yes\"\ni: !!str 12\nj: 08\n", r#"1:{"a":true,"b":493,"c":31,"d":1000,"e":1.5,"f":3,"g":null,"h":"yes","i":"12","j":8}"#),
        ("s: |\n  line one\n  line two\n\nt: >-\n  folded\n  text\n\n  para\nu: |+\n  keep\n\nv: x\n", r#"1:{"s":"line one\nline two\n","t":"folded text\npara","u":"keep\n\n","v":"x"}"#),
        ("q: \"a\\tb\\u00e9\\\"\"\nr: 'it''s'\nm: \"multi\n  line\"\n", r#"1:{"q":"a\tbé\"","r":"it's","m":"multi line"}"#),
        ("plain: one\n  two\n\n  three\n", r#"1:{"plain":"one two\nthree"}"#),
        ("base: &b {x: 1, z: 2}\nuse:\n  <<: *b\n  z: 3\nref: *b\n", r#"1:{"base":{"x":1,"z":2},"use":{"x":1,"z":3},"ref":{"x":1,"z":2}}"#),
        // v2 writes merged keys where the merge stands: an earlier explicit key loses.
        ("use:\n  z: 3\n  <<: {x: 1, z: 2}\nflow: {z: 3, <<: [{z: 4}, {z: 5, w: 6}]}\n", r#"1:{"use":{"z":2,"x":1},"flow":{"z":4,"w":6}}"#),
        ("a: [&x {k: v}, *x, &e , *e]\n", r#"1:{"a":[{"k":"v"},{"k":"v"},null,null]}"#),
        ("\"<<\": 1\nb: {'<<': 2}\n", r#"1:{"<<":1,"b":{"<<":2}}"#),
        // go-yaml v2 reads the key `y` as the bool true, and kubectl writes it "true".
        ("y: 1\nn: 2\n", r#"1:{"true":1,"false":2}"#),
        ("a: 1\n---\nb: 2\n--- \n...\n", r#"1:{"a":1} | 3:{"b":2} | 5:null"#),
        ("url: http://x:80/a#b\nempty:\nlist: []\n\"quoted key\": v\n1: one\n", r#"1:{"url":"http://x:80/a#b","empty":null,"list":[],"quoted key":"v","1":"one"}"#),
        ("\u{feff}# comment\n  a: 1\n  b: 2\n", r#"1:{"a":1,"b":2}"#),
        ("a: [1,\n  2, {b: c}]\n", r#"1:{"a":[1,2,{"b":"c"}]}"#),
        // go-yaml v2 keeps the later of two equal keys (`yes` and `true` are one).
        ("a: 1\nb: 2\na: 3\nyes: x\ntrue: z\n", r#"1:{"a":3,"b":2,"true":"z"}"#),
        // Explicit `? ` keys: a scalar one is an ordinary key; no `: ` means null.
        ("? a\n: 1\n? b\nc: 2\n", r#"1:{"a":1,"b":null,"c":2}"#),
        ("m: {1e6: a, .inf: b, 0.1234567891: c, -.inf: d}\n", r#"1:{"m":{"1e+06":"a",".inf":"b","0.12345679":"c","-.inf":"d"}}"#),
    ];
    for (text, want) in cases {
        assert_eq!(json_of(text), *want, "{text:?}");
    }
}

#[test]
fn refuses_malformed_yaml_with_go_yaml_words() {
    let cases: &[(&str, &str)] = &[
        (
            "a: b: c\n",
            // go-yaml names no line when the mark is on the first line.
            "None: mapping values are not allowed in this context",
        ),
        // Lines as kubectl.1.33 prints them: a parser error names the 0-based line.
        ("a:\n  b: 1\n c: 2\n", "Some(2): did not find expected key"),
        (
            "a:\n\tb: 1\n",
            "Some(2): found character that cannot start any token",
        ),
        (
            "key: [unclosed\n",
            "Some(1): did not find expected ',' or ']'",
        ),
        ("key: {a: 1\n", "Some(1): did not find expected ',' or '}'"),
        ("a: \"open\n", "Some(2): found unexpected end of stream"),
        (
            "? [a, b]\n: 1\n",
            "None: invalid map key: []interface {}{\"a\", \"b\"}",
        ),
        (
            "~: [1]\n",
            "None: unsupported map key of type: %!s(<nil>), key: <nil>, value: []interface {}{1}",
        ),
        ("a: *nope\n", "None: unknown anchor 'nope' referenced"),
        ("a: \"\\q\"\n", "None: found unknown escape character"),
        (
            "a: 1\n  b: 2\n",
            "Some(2): mapping values are not allowed in this context",
        ),
        ("\u{0}x", "None: control characters are not allowed"),
    ];
    for (text, want) in cases {
        assert_eq!(error_of(text), *want, "{text:?}");
    }
    assert!(error_of(&"[".repeat(5_000)).contains("exceeded max depth"));
    let bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n";
    assert!(error_of(bomb).contains("excessive aliasing"));
    // A hundred thousand copied nodes is still reuse, not a bomb (go-yaml takes it too).
    let reuse = bomb.replace("\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n", "\n");
    assert!(parse_documents(&reuse).is_ok());
}
