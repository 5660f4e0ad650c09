"""The shared core: vocabulary and helpers every other package may import, importing none
of them (error catalogue, finding-code catalogue, Vietnamese text and formatting, campaign
schema)."""
