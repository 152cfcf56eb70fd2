"""Board log backends behind one interface (`base.Engine`)."""
