// The console's 3D viewer: a GLB output in a WebGL canvas (three.js from the hub's jar), orbit and zoom with the mouse.
import * as THREE from "/console/vendor/three/build/three.module.js";
import { GLTFLoader } from "/console/vendor/three/examples/jsm/loaders/GLTFLoader.js";
import { OrbitControls } from "/console/vendor/three/examples/jsm/controls/OrbitControls.js";

const canvas = document.getElementById("viewer");
const status = document.getElementById("viewer-status");
const renderer = new THREE.WebGLRenderer({ canvas, antialias: true, preserveDrawingBuffer: true });
renderer.setPixelRatio(window.devicePixelRatio || 1);
renderer.setSize(canvas.clientWidth, canvas.clientHeight, false);
const scene = new THREE.Scene();
scene.background = new THREE.Color(0xf2f4f7);
scene.add(new THREE.HemisphereLight(0xffffff, 0x667085, 2.2));
const sun = new THREE.DirectionalLight(0xffffff, 2.5);
sun.position.set(3, 5, 4);
scene.add(sun);
const camera = new THREE.PerspectiveCamera(45, canvas.clientWidth / canvas.clientHeight, 0.01, 1000);
const controls = new OrbitControls(camera, canvas);
controls.enableDamping = true;

new GLTFLoader().load(canvas.dataset.src, (gltf) => {
  const model = gltf.scene;
  scene.add(model);
  // frame the model: centred, the camera far enough to see all of it
  const box = new THREE.Box3().setFromObject(model);
  const size = box.getSize(new THREE.Vector3()).length() || 1;
  const centre = box.getCenter(new THREE.Vector3());
  controls.target.copy(centre);
  camera.position.copy(centre).add(new THREE.Vector3(size * 1.1, size * 0.8, size * 1.2));
  camera.near = size / 100;
  camera.far = size * 100;
  camera.updateProjectionMatrix();
  status.textContent = gltf.scene.children.length + " object(s); drag to orbit";
  canvas.dataset.loaded = "true";
}, undefined, (error) => {
  status.textContent = "the model cannot be shown: " + error.message;
  canvas.dataset.loaded = "error";
});

function frame() {
  controls.update();
  renderer.render(scene, camera);
  requestAnimationFrame(frame);
}
frame();
