from django import template

register = template.Library()


@register.simple_tag
def field(fields: dict, prefix: str, ident) -> dict:
    """One autosaved field of an instrument: its key, current value and version."""
    key = f"{prefix}:{ident}"
    stored = (fields or {}).get(key) or {}
    return {"key": key, "value": stored.get("value", ""), "v": stored.get("v", 0)}


@register.filter
def entry(mapping: dict, key):
    """``mapping[str(key)]`` (JSON-stored maps are keyed by strings), or an empty dict when it is missing or
    empty, so that ``entry:key.field`` and ``entry:key|default:""`` both read cleanly."""
    return (mapping or {}).get(str(key)) or {}
