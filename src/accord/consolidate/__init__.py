"""The brief: what an event's articles say, cross-referenced (claims, support, conflicts,
quotes, timeline, a cited summary). Every text it shows is a verbatim span of an article."""
