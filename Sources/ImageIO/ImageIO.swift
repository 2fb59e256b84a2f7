public enum ImageIOModule {}
