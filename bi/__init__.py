"""What BI tools get from the warehouse (bi/superset/)."""
