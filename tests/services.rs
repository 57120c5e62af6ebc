//! What Services mean, which the differential suite cannot see (both doors share
//! the simulator): endpoints are the selected pods that have an IP, ready ones as
//! addresses and the others as not-ready addresses; a terminating pod leaves the
//! Endpoints at once and stays in the EndpointSlice marked terminating; a bare pod
//! is not replaced; the ReplicaSets do not count it.

use rollout_playground::kubectl::script::Session;
use serde_json::Value;

use crate::common::Dir;

fn files() -> Dir {
    Dir(crate::common::repo().join("tests/differential"))
}

fn json(s: &mut Session, line: &str) -> Value {
    let out = s.run_line(&files(), line);
    serde_json::from_str(&out.stdout()).unwrap_or_else(|e| panic!("{line}: {e}\n{}", out.text()))
}

fn count(v: &Value, pointer: &str) -> usize {
    v.pointer(pointer)
        .and_then(Value::as_array)
        .map_or(0, Vec::len)
}

#[test]
fn endpoints_follow_readiness_and_termination() {
    let mut s = Session::new(1);
    // Pods that crash on start have an IP and are never ready.
    s.run_line(
        &files(),
        "kubectl create deployment crash --image=playground/app:crash --replicas=2",
    );
    s.run_line(&files(), "kubectl expose deployment crash --port=80");
    s.run_line(&files(), "sleep 30s");
    let ep = json(&mut s, "kubectl get ep crash -o json");
    assert_eq!(count(&ep, "/subsets/0/addresses"), 0, "{ep}");
    assert_eq!(count(&ep, "/subsets/0/notReadyAddresses"), 2, "{ep}");
    let slice = json(
        &mut s,
        "kubectl get endpointslices -l kubernetes.io/service-name=crash -o json",
    );
    let endpoints = slice
        .pointer("/items/0/endpoints")
        .and_then(Value::as_array)
        .unwrap();
    assert_eq!(endpoints.len(), 2, "{slice}");
    assert!(
        endpoints.iter().all(|e| e["conditions"]["ready"] == false),
        "{slice}"
    );
    let out = s.run_line(&files(), "kubectl get ep crash");
    assert!(
        out.stdout()
            .lines()
            .nth(1)
            .is_some_and(|l| l.split_whitespace().count() == 2),
        "no ready address to list: {}",
        out.text()
    );
    s.run_line(&files(), "kubectl apply -f web-app.yaml");
    let ep = json(&mut s, "kubectl get ep web -o json");
    assert!(ep.get("subsets").is_none(), "no pod has an IP yet: {ep}");
    s.run_line(&files(), "sleep 40s");
    let ep = json(&mut s, "kubectl get ep web -o json");
    assert_eq!(count(&ep, "/subsets/0/addresses"), 3, "{ep}");
    // The named targetPort `http` resolves to the container's port 80.
    assert_eq!(
        ep.pointer("/subsets/0/ports/0/port"),
        Some(&Value::from(80))
    );
    let pod = ep
        .pointer("/subsets/0/addresses/0/targetRef/name")
        .unwrap()
        .as_str()
        .unwrap()
        .to_string();
    s.run_line(&files(), &format!("kubectl delete pod {pod} --wait=false"));
    let ep = json(&mut s, "kubectl get ep web -o json");
    let names: Vec<&str> = ep
        .pointer("/subsets/0/addresses")
        .and_then(Value::as_array)
        .unwrap()
        .iter()
        .filter_map(|a| a.pointer("/targetRef/name").and_then(Value::as_str))
        .collect();
    assert!(
        !names.contains(&pod.as_str()),
        "a terminating pod leaves the Endpoints: {ep}"
    );
    let slice = json(
        &mut s,
        "kubectl get endpointslices -l kubernetes.io/service-name=web -o json",
    );
    let gone = slice
        .pointer("/items/0/endpoints")
        .and_then(Value::as_array)
        .unwrap()
        .iter()
        .find(|e| e.pointer("/targetRef/name").and_then(Value::as_str) == Some(&pod))
        .cloned();
    let gone = gone.expect("the slice keeps the terminating pod");
    assert_eq!(
        gone["conditions"],
        serde_json::json!({"ready": false, "serving": true, "terminating": true})
    );
}

#[test]
fn a_service_without_matching_pods_has_no_endpoints_and_a_bare_pod_is_not_replaced() {
    let mut s = Session::new(2);
    s.run_line(
        &files(),
        "kubectl create service clusterip api --tcp=80:8080",
    );
    s.run_line(&files(), "sleep 10s");
    let out = s.run_line(&files(), "kubectl get ep api");
    assert!(out.stdout().contains("api    <none>"), "{}", out.text());
    s.run_line(&files(), "kubectl run solo --image=nginx --labels=app=api");
    s.run_line(&files(), "sleep 30s");
    let ep = json(&mut s, "kubectl get ep api -o json");
    assert_eq!(
        count(&ep, "/subsets/0/addresses"),
        1,
        "a bare pod can be an endpoint: {ep}"
    );
    assert_eq!(
        ep.pointer("/subsets/0/ports/0/port"),
        Some(&Value::from(8080))
    );
    s.run_line(&files(), "kubectl delete pod solo");
    s.run_line(&files(), "sleep 30s");
    let out = s.run_line(&files(), "kubectl get pods");
    assert!(
        !out.text().contains("solo"),
        "nothing replaces a bare pod: {}",
        out.text()
    );
}

#[test]
fn cluster_ips_and_node_ports_are_unique_and_in_their_ranges() {
    let mut s = Session::new(3);
    for i in 0..20 {
        let out = s.run_line(
            &files(),
            &format!("kubectl create service nodeport s{i} --tcp=80"),
        );
        assert_eq!(out.exit_code, 0, "{}", out.text());
    }
    let list = json(&mut s, "kubectl get svc -o json");
    let items = list["items"].as_array().unwrap();
    let ips: std::collections::BTreeSet<&str> = items
        .iter()
        .filter_map(|i| i["spec"]["clusterIP"].as_str())
        .collect();
    assert_eq!(ips.len(), items.len(), "every cluster IP is its own");
    for ip in &ips {
        let o: Vec<u32> = ip.split('.').map(|p| p.parse().unwrap()).collect();
        assert!(
            o[0] == 10 && (96..112).contains(&o[1]),
            "{ip} is in 10.96.0.0/12"
        );
    }
    let ports: std::collections::BTreeSet<i64> = items
        .iter()
        .filter_map(|i| i["spec"]["ports"][0]["nodePort"].as_i64())
        .collect();
    assert_eq!(ports.len(), 20, "every node port is its own");
    assert!(ports.iter().all(|p| (30000..=32767).contains(p)));
}
