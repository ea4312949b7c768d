"""Items <-> domain objects, one module per aggregate with both ways of each entity. Repositories call
only these; nothing else reads or fills item attributes."""
