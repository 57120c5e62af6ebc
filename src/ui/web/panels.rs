//! The panels that show the timeline's records (wasm only): the guardrail chart,
//! the console's log and the event table. They draw shared `Rc` data and re-render
//! only when its version moves. They must not hold simulation logic.

use crate::num;
use crate::ui::model::*;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties)]
pub struct ChartProps {
    pub samples: Rc<Vec<Sample>>,
    pub version: u64,
    pub max_pods: i32,
    pub min_available: i32,
    pub replicas: i32,
}

impl PartialEq for ChartProps {
    fn eq(&self, o: &Self) -> bool {
        self.version == o.version
            && self.max_pods == o.max_pods
            && self.min_available == o.min_available
    }
}

#[function_component(Chart)]
pub fn chart(p: &ChartProps) -> Html {
    const W: f64 = 300.0;
    const H: f64 = 90.0;
    let s = &p.samples;
    let top = s
        .iter()
        .map(|x| x.pods.max(x.max_pods))
        .max()
        .unwrap_or(p.max_pods)
        .max(p.max_pods)
        .max(1) as f64;
    let n = s.len().max(2) as f64;
    let y = |v: i32| H - (v as f64 / top) * (H - 6.0) - 3.0;
    let line = |f: &dyn Fn(&Sample) -> i32| -> String {
        s.iter()
            .enumerate()
            .map(|(i, x)| {
                format!(
                    "{},{}",
                    num::fixed(i as f64 * W / (n - 1.0), 1),
                    num::fixed(y(f(x)), 1)
                )
            })
            .collect::<Vec<_>>()
            .join(" ")
    };
    html! {
        <figure class="chart">
            <svg viewBox={format!("0 0 {} {}", W as u32, H as u32)} preserveAspectRatio="none" role="img" aria-label={format!("Pods over the last {} simulated seconds against the bounds: at most {}, at least {} available", s.len(), p.max_pods, p.min_available)}>
                <line class="bound max" x1="0" x2={num::plain(W)} y1={num::fixed(y(p.max_pods), 1)} y2={num::fixed(y(p.max_pods), 1)} />
                <line class="bound min" x1="0" x2={num::plain(W)} y1={num::fixed(y(p.min_available), 1)} y2={num::fixed(y(p.min_available), 1)} />
                <polyline class="series total" points={line(&|x| x.pods)} />
                <polyline class="series available" points={line(&|x| x.available)} />
                <polyline class="series updated" points={line(&|x| x.updated)} />
            </svg>
            <figcaption>
                <span class="key total">{"total pods"}</span>
                <span class="key available">{"available"}</span>
                <span class="key updated">{"updated"}</span>
                <span class="key max">{ format!("max pods {}", p.max_pods) }</span>
                <span class="key min">{ format!("min available {}", p.min_available) }</span>
            </figcaption>
        </figure>
    }
}

// ----- console and events ------------------------------------------------------------

#[derive(Properties)]
pub struct ConsoleProps {
    pub entries: Rc<Vec<ConsoleEntry>>,
    pub version: u64,
}

impl PartialEq for ConsoleProps {
    /// The console changes only through the model, which bumps the version.
    fn eq(&self, o: &Self) -> bool {
        self.version == o.version
    }
}

#[function_component(ConsoleLog)]
pub fn console_log(p: &ConsoleProps) -> Html {
    let node = use_node_ref();
    {
        let node = node.clone();
        use_effect_with(p.entries.len(), move |len| {
            // Scrolling reads the layout; with nothing to show (start-up) it would
            // force one inside the first render for nothing.
            if *len > 0 {
                if let Some(el) = node.cast::<web_sys::Element>() {
                    el.set_scroll_top(el.scroll_height());
                }
            }
        });
    }
    html! {
        <div class="console" ref={node} role="log" aria-label="Console output" tabindex="0">
            if p.entries.is_empty() {
                <p class="hint">{"Every button runs a kubectl command, echoed here. Try "}<code>{"kubectl get pods"}</code>{"."}</p>
            }
            { for p.entries.iter().map(|e| html! {
                <div class="entry">
                    <div class="cmd">{ format!("$ {}", e.command) }</div>
                    { for e.output.chunks.iter().map(|(stream, text)| html! {
                        <pre class={classes!(if *stream == crate::kubectl::Stream::Stderr { "stderr" } else { "stdout" })}>{ text.clone() }</pre>
                    }) }
                </div>
            }) }
        </div>
    }
}

#[derive(Properties)]
pub struct EventProps {
    pub rows: Rc<Vec<EventRow>>,
    pub version: u64,
}

impl PartialEq for EventProps {
    fn eq(&self, o: &Self) -> bool {
        self.version == o.version
    }
}

#[function_component(EventLog)]
pub fn event_log(p: &EventProps) -> Html {
    html! {
        <details class="events" open=true>
            <summary>{"Events (kubectl get events, newest first)"}</summary>
            <div class="table-wrap" tabindex="0" role="region" aria-label="Events">
                <table>
                    <thead><tr><th>{"LAST SEEN"}</th><th>{"TYPE"}</th><th>{"REASON"}</th><th>{"OBJECT"}</th><th>{"MESSAGE"}</th></tr></thead>
                    <tbody>
                        { for p.rows.iter().map(|r| html! {
                            <tr key={r.seq} class={classes!((r.kind == "Warning").then_some("warning"))}>
                                <td>{ r.age.clone() }</td><td>{ r.kind }</td><td>{ r.reason }</td><td>{ r.object.clone() }</td><td>{ r.message.clone() }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
        </details>
    }
}
