//! `gen-report schema`: the department file as a JSON Schema (draft
//! 2020-12), built from [`load::shape`](crate::load::shape) and the
//! indicator catalogue, so editors complete exactly the keys the loader
//! accepts.

use crate::load::IndicatorCatalogue;
use crate::load::contract::{self as shape, Field, Shape};
use serde_json::{Map, Value, json};

/// The schema for files read with `catalogue` (the built-in one unless a
/// template declares more indicator names).
pub fn schema(catalogue: &IndicatorCatalogue) -> Value {
    let mut root = object(shape::TOP, None, catalogue);
    let root_map = root.as_object_mut().expect("an object schema");
    let head = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "部门整体支出绩效自评报告 数据文件（gen-report）",
        "description": "一个部门一年的数据；合计、占比、执行率、得分合计、等级都由 gen-report 计算。",
        "$defs": {
            "金额": {
                "description": "金额：一个数，或分项（分项下还可再分项）；可加 合计/小计，会核对",
                "anyOf": [
                    { "type": "number", "minimum": 0 },
                    { "type": "object", "additionalProperties": { "$ref": "#/$defs/金额" } }
                ]
            }
        }
    });
    let mut out = head.as_object().cloned().unwrap_or_default();
    out.append(root_map);
    Value::Object(out)
}

fn object(fields: &[Field], extra: Option<&Shape>, catalogue: &IndicatorCatalogue) -> Value {
    let mut properties = Map::new();
    for field in fields {
        let mut v = value(&field.shape, catalogue);
        if !field.required {
            v = nullable(v);
        }
        if let Some(m) = v.as_object_mut() {
            m.insert("description".into(), Value::from(field.doc));
        }
        properties.insert(field.key.into(), v);
    }
    let required: Vec<&str> = fields
        .iter()
        .filter(|f| f.required)
        .map(|f| f.key)
        .collect();
    let additional = match extra {
        Some(shape) => value(shape, catalogue),
        None => Value::Bool(false),
    };
    json!({
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": additional,
    })
}

fn value(shape: &Shape, catalogue: &IndicatorCatalogue) -> Value {
    match shape {
        Shape::Count => json!({ "type": "integer", "minimum": 0 }),
        Shape::Year => json!({ "type": "integer", "minimum": 1949, "maximum": 2200 }),
        // Numbers are allowed where officers write codes and phone numbers
        // unquoted; the loader keeps them as text.
        Shape::Line => json!({ "type": ["string", "number"] }),
        Shape::Text => json!({ "type": ["string", "number"] }),
        Shape::Date => {
            json!({ "type": "string", "pattern": "^[0-9]{4}[-年/.][0-9]{1,2}[-月/.][0-9]{1,2}日?$" })
        }
        Shape::Amount => json!({ "type": "number", "minimum": 0 }),
        Shape::Tree => json!({ "$ref": "#/$defs/金额" }),
        Shape::Score => json!({ "type": "number", "minimum": 0 }),
        Shape::Word(words) => json!({ "enum": words }),
        Shape::Paragraphs => json!({
            "anyOf": [
                { "type": "string" },
                { "type": "array", "items": { "type": ["string", "number", "null"] } }
            ]
        }),
        Shape::Units => json!({
            "anyOf": [
                { "type": "integer", "minimum": 0 },
                { "type": "array", "items": { "type": "string" } }
            ]
        }),
        Shape::Map(fields) => object(fields, None, catalogue),
        Shape::MapOpen(fields, extra) => object(fields, Some(extra), catalogue),
        Shape::List(item) => entries(value(item, catalogue)),
        Shape::Either(a, b) => json!({ "anyOf": [value(a, catalogue), value(b, catalogue)] }),
        Shape::Indicators(fields) => indicators(fields, catalogue),
    }
}

/// 指标: its own keys, then each 一级 of the catalogue with its 二级
/// names; a 二级 is a list of 三级 rows or a map (contract §6.1).
fn indicators(fields: &[Field], catalogue: &IndicatorCatalogue) -> Value {
    let mut v = object(fields, None, catalogue);
    let rows = entries(object(shape::ITEM, None, catalogue));
    let sub = json!({
        "description": "二级指标：三级指标清单，或在这一级打分时写成 {分值, 得分, 说明, 指标}",
        "anyOf": [rows, object(shape::SUB, None, catalogue)]
    });
    let props = v["properties"].as_object_mut().expect("properties");
    for (group, subs) in &catalogue.groups {
        let mut g = object(shape::GROUP, None, catalogue);
        let gp = g["properties"].as_object_mut().expect("properties");
        for s in subs {
            gp.insert(s.clone(), sub.clone());
        }
        g["description"] = Value::from(format!("一级指标：{group}（二级：{}）", subs.join("、")));
        props.insert(group.clone(), g);
    }
    v
}

/// A list of `item`s, where an entry left empty (`-` alone, or keys with
/// nothing after them, as `new` writes them) counts as not written.
fn entries(item: Value) -> Value {
    let empty = json!({ "type": ["object", "null"], "additionalProperties": { "type": "null" } });
    let items = match item.get("anyOf").and_then(Value::as_array) {
        // One list of alternatives, not one nested in another.
        Some(ways) => json!({ "anyOf": ways.iter().cloned().chain([empty]).collect::<Vec<_>>() }),
        None => json!({ "anyOf": [item, empty] }),
    };
    json!({ "type": "array", "items": items })
}

/// An optional key left empty (`单位编码:`) counts as not written, for the
/// loader as for the schema: the file `new` writes is full of them.
fn nullable(mut v: Value) -> Value {
    match v.get_mut("type") {
        Some(Value::String(t)) => {
            let t = std::mem::take(t);
            v["type"] = json!([t, "null"]);
            v
        }
        Some(Value::Array(types)) => {
            types.push(Value::from("null"));
            v
        }
        _ => json!({ "anyOf": [v, { "type": "null" }] }),
    }
}
