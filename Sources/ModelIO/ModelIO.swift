public enum ModelIOModule {}
