from django import template

register = template.Library()


@register.simple_tag
def field(fields: dict, prefix: str, ident) -> dict:
    """One autosaved field of an instrument: its key, current value and version."""
    key = f"{prefix}:{ident}"
    stored = (fields or {}).get(key) or {}
    return {"key": key, "value": stored.get("value", ""), "v": stored.get("v", 0)}


@register.filter
def entry(mapping: dict, key) -> dict:
    """``mapping[str(key)]`` or an empty dict: JSON-stored maps are keyed by strings."""
    return (mapping or {}).get(str(key)) or {}
